"""Provider keys recognised by their shape, whatever holds them."""
import boto3

# error
s3 = boto3.client("s3", aws_access_key_id="AKIA2E0A8F3B244C9986")
HEADERS = {"Authorization": "token ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8"}


def notify(client):
    client.post(token_value="xoxb-123456789012-abcdefGHIJKL")


def storage():
    # An AWS key slot given a value in the key's format, part of it masked:
    # the code is built to carry the key in its source.
    return boto3.resource(
        "s3",
        aws_access_key_id="AKIAxxxxxxxxxxxxxxxx",
        aws_secret_access_key="jWnyxxxxxxxxxxxxxxxxX7ZQxxxxxxxxxxxxxxxx",
    )


def deploy_key():
    return "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6d\n-----END RSA PRIVATE KEY-----"


# ok
DOC_KEY = "AKIAIOSFODNN7EXAMPLE"
MASKED = "AKIAxxxxxxxxxxxxxxxx"
NOT_A_KEY = "AKIA"
PUBLIC = "-----BEGIN PUBLIC KEY-----"
# A message that names a key's markers holds no key.
HINT = "Does it have a private key surrounded by '-----BEGIN PRIVATE KEY-----' and '-----END PRIVATE KEY-----' markers?"
ELIDED = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
STAND_IN = "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
TEMPLATE = boto3.resource("s3", aws_access_key_id="XXXXXXXX", aws_secret_access_key="<your secret here>")
LOCAL = boto3.client("s3", aws_access_key_id="this-is-not-a-key")
