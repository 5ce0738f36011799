"""Configuration options (oslo.config's `*Opt` classes and look-alikes) whose
default is a secret: every deployment that does not set the option runs with
it. Reported without a fix: dropping the default is the fix, and every
deployment relying on it must then set the option."""

# error
from oslo_config import cfg

from skyline_apiserver.config.base import Opt

auth_opts = [
    cfg.StrOpt("admin_password", default="Sup3r-s3cret-pw", help="Keystone admin password."),
    cfg.StrOpt("rabbit-password", default="guest-7c1e9a", secret=True),
]

secret_key = Opt(
    name="secret_key",
    description="Secret key used to sign the session tokens.",
    schema=str,
    default="aCtmgbcUqYUy_HNVg5BDXCaeJgJQzHJXwqbXr0Nmb2o",
)

# ok
cfg.StrOpt("admin_password", default="", secret=True)
cfg.StrOpt("admin_password", secret=True, help="Defaults to 'changeme'.")
# `secret=True` hides a value from logs; a URL without credentials is no secret.
cfg.StrOpt("transport_url", default="rabbit://", secret=True)
cfg.StrOpt("backend_url", default="memcached://localhost:11211", secret=True)
# A call named like an option class but whose default names the kind of key.
cfg.StrOpt("key_type", default="rsa")
cfg.IntOpt("token_expiration", default=3600)
