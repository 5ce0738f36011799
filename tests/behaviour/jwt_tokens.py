"""Session tokens signed with PyJWT; the keys are literals passed by position."""
import sys

import jwt

REFRESH_KEY = "r3fr3sh-Zq81-signing-not-real"


def issue(user):
    return jwt.encode({"sub": user}, "k7Qv9-session-signing-not-real", algorithm="HS256")


def verify(token):
    return jwt.decode(token, "k7Qv9-session-signing-not-real", algorithms=["HS256"])["sub"]


def refresh(user):
    return jwt.encode({"sub": user, "kind": "refresh"}, REFRESH_KEY, "HS256")


def check_refresh(token):
    return jwt.decode(token, REFRESH_KEY, ["HS256"])["kind"]


if __name__ == "__main__":
    if sys.argv[1:] == ["import-only"]:
        # The keys are read when a token is made, not when the module is imported.
        print("imported")
        sys.exit(0)
    token = issue("alice")
    print(token)
    print(verify(token))
    print(check_refresh(refresh("alice")))
    guessed = "-".join(["guessed", "key", "1234"])
    forged = jwt.encode({"sub": "mallory"}, guessed, algorithm="HS256")
    try:
        verify(forged)
    except jwt.InvalidSignatureError:
        print("forged token rejected")
