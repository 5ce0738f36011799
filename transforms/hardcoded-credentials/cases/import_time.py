"""Where an environment lookup would run: the fix is offered only for code
that runs when called (and module-level assignments, see the README)."""

# error
API_TOKEN = "tok-8d7f6e5c4b3a"


class Settings:
    SECRET_KEY = "class-body-secret-9"

    def reset(self):
        self.password = "method-body-pw-7"


def connect(host, password="default-pw-42"):
    return host, password


def make_config():
    class Local:
        token = "runs-when-called-3"

    return Local
