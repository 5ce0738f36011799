from flask import Flask


def create_app():
    return Flask(__name__)


# error
if __name__ == "__main__":
    app = create_app()
    app.run(port=8080, debug=True)

# ok
server.run(debug=True)


def make_worker():
    return Worker()


class Worker:
    def run(self, debug=False):
        return debug


worker = make_worker()
worker.run(debug=True)
