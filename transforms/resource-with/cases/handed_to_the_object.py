"""Resources the object under construction, or the process, keeps."""
import os
import socket

# ok

# motioneye's shape: a module constant other modules pass as `stderr=`.
DEV_NULL = open(os.devnull, "w")


class IOStream(object):
    def __init__(self, sock):
        self.sock = sock


class Client(IOStream):
    def __init__(self):
        # The base class's initializer keeps the socket: the stream owns it.
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
        IOStream.__init__(self, s)
        self.connected = False


class Handler(IOStream):
    def __init__(self, sock):
        # pyftpdlib's shape: a fresh socket stands in, then the handler closes itself.
        try:
            IOStream.__init__(self, sock)
        except socket.error:
            super().__init__(socket.socket())
            self.close()


# supervisor's shape: `prebind`, on a base class of this module, hands the
# socket to asyncore's `set_socket`; the dispatcher owns it from then on.
import asyncore


class Server(asyncore.dispatcher):
    def prebind(self, sock):
        asyncore.dispatcher.__init__(self)
        self.set_socket(sock)


class InetServer(Server):
    def __init__(self, ip, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.prebind(sock)
        self.bind((ip, port))


class Bot(asyncore.dispatcher):
    def initiate_connect(self, host, port):
        # sopel's shape: the dispatcher keeps the connection it is given.
        sock = socket.create_connection((host, port))
        self.set_socket(sock)
        self.set_socket(socket.create_connection((host, port)))


# error


def probe(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
    s.connect((host, 80))
    return s.recv(10)
