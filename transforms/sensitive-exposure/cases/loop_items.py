import logging

logger = logging.getLogger(__name__)

# error


def connect(user, token):
    logger.info("connecting %s with %s", user, token)


# ok


def load_styles(styles):
    # A lexer's token is an item of the collection, not a credential.
    for token in styles:
        if not token.startswith("Token."):
            logger.error("Unhandled style / class name: %s", token)
