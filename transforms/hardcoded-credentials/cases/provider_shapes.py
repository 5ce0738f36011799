"""Provider keys recognised by their shape, whatever holds them."""
import boto3

# error
s3 = boto3.client("s3", aws_access_key_id="AKIA2E0A8F3B244C9986")
HEADERS = {"Authorization": "token ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8"}


def notify(client):
    client.post(token_value="xoxb-123456789012-abcdefGHIJKL")


def deploy_key():
    return "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----"


# ok
DOC_KEY = "AKIAIOSFODNN7EXAMPLE"
MASKED = "AKIAxxxxxxxxxxxxxxxx"
NOT_A_KEY = "AKIA"
PUBLIC = "-----BEGIN PUBLIC KEY-----"
STAND_IN = "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
