# error
DB_PASSWORD = "hunter2hunter2"

if __name__ == "__main__":
    import os

    print(os.getpid())
