from flask import Flask


def create_app():
    return Flask(__name__)


# error
if __name__ == "__main__":
    app = create_app()
    app.run(port=8080, debug=True)

# ok
server.run(debug=True)
