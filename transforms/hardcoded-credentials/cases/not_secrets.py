"""Values that are not hardcoded secrets."""
import os

from oslo_config import cfg

# ok
EMPTY_PASSWORD = ""
NO_TOKEN = None
PASSWORD_FROM_ENV = os.environ["DB_PASSWORD"]
token_from_env = os.getenv("API_TOKEN")
password_field = "hunter2hunter2"
token_type = "bearer"
PASSWORD_MIN_LENGTH = "12"
secret_name = "prod/db/password"
password_prompt = "Enter password:"
PLACEHOLDER_PASSWORD = "changeme"
TEMPLATE_PASSWORD = "${DB_PASSWORD}"
FORMAT_PASSWORD = "%(password)s"
ANGLE_PASSWORD = "<password>"
MASKED_PASSWORD = "xxx"
# trino: the name of the HTTP header that carries the credential.
HEADER_EXTRA_CREDENTIAL = "X-Trino-Extra-Credential"
PASSWORD = "password"
TOKEN_ENV = "GITHUB_TOKEN"
API_KEY = "API_KEY"
# Defaults that tell the reader to replace them (evennia's, OpenREM's and
# mayan's settings; mayan refuses to start while its key is the sentinel).
SECRET_KEY = "changeme!(*#&*($&*(#*(&SDFKJJKLS*(@#KJAS"
LOCAL_SECRET_KEY = "youmustchangethiskeyinlocal_settings"
DEFAULT_SECRET_KEY = "secret-key-missing!"
# A category's code: mayan's GPG key types, stored in the database.
KEY_TYPE_SECRET = "sec"
KEY_TYPE_PUBLIC = "pub"


def database_option(Opt):
    # skyline's settings: an option's help text shows an example URL.
    return Opt(
        "database_url",
        description="Database url. For mariadb, set as 'mysql://root:root@localhost:3306/skyline'",
    )


def needs_activation(user):
    # A marker the code stores for an account made without a password (shuup).
    return user.password == "//IMPLICIT//"
PLAIN_URL = "postgresql://app@db.internal/app"
TEMPLATE_URL_2 = "postgresql://app:{password}@db.internal/app"
TEMPLATE_DSN = "postgresql://%(user)s:%(password)s@%(host)s/app"
if password_field == "":
    pass


def connect_example():
    """Connects like psql does: postgresql://app:example-pw@localhost/app."""
    return None


def hashed(password):
    PASSWORD_HASH = "pbkdf2_sha256$260000$abc$def"
    AUTH_TOKEN_HEADER = "X-Auth-Token"
    return password, PASSWORD_HASH, AUTH_TOKEN_HEADER


def lexer(token, user_pass):
    if token == "lambda" or user_pass == "git":
        return None
    DEFAULT_TOKEN_TYPE = "Bearer"
    password = ":****"
    jsonnet_token = r"[^\W\d]\w*"
    return connect(default_token="Bearer", password=password, pattern=jsonnet_token)


def suggest_after(parser):
    # A parser's token is a word of the language, not a credential.
    return parser.suggest(token="where", token_value="where"), parser.Tok(token="SELECT")


def paste(text):
    # A key the service publishes for every client (qutebrowser's pastebin)
    # is a word; a key issued to one user is generated.
    return {"text": text, "apikey": "ihatespam", "api_key": "anonymous"}


def connect_uri(uri_parts):
    # A map from one driver's keywords to another's: "passwd" names a field.
    remap = {"dbname": "database", "password": "passwd"}
    return {remap.get(key, key): value for key, value in uri_parts.items()}


# NetApp's authentication styles (manila): category codes named after a secret.
STYLE_LOGIN_PASSWORD = "basic_auth"
STYLE_CERTIFICATE = "certificate_auth"


def lock_discovery(lock, fake=False):
    # Zope's lock token shown to a user without permission: a stand-in, spelled out.
    if fake:
        token = "this-is-a-faked-no-permission-token"
    else:
        token = lock.token
    return "<d:locktoken>%s</d:locktoken>" % token


def provider_settings(params):
    # askbot's OpenID provider map: option names to setting names.
    parameter_map = {
        "consumer_key": "oauth_consumer_key",
        "check_password": "check_password_function",
    }
    return {parameter_map.get(p, p): p for p in params}


OPTS = [
    # ceilometer's option help: a URL shown as an example.
    cfg.MultiStrOpt(
        "messaging_urls",
        default=[],
        help="Messaging URLs to listen for notifications. "
        "Example: rabbit://user:pass@host1:port1"
        "[,user:pass@hostN:portN]/virtual_host "
        "(DEFAULT/transport_url is used if empty).",
    ),
]

# Documentation of what a value looks like: an OpenAPI response example
# (fastapi-users), a database engine's connection examples (superset).
OPENAPI_RESPONSES = {
    200: {
        "content": {
            "application/json": {
                "example": {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiOTIyMWZmYzktNjQwZi00MzcyLTg2ZDMtY2U2NDJjYmE1NjAzIn0.LCYG3aWi_b2XJJ3sCvBn2P4ZCnsGf55hJG3yEEDvdV4",
                    "token_type": "bearer",
                }
            }
        }
    }
}
ENGINE_INFO = {
    "connection_string": "taosws://{user}:{password}@{host}:{port}",
    "connection_examples": [
        {
            "description": "Local connection",
            "connection_string": "taosws://root:taosdata@127.0.0.1:6041",
        },
    ],
}
