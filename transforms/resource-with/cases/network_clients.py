import ftplib
import poplib
import smtplib

# error


def send(host, sender, recipients, message):
    # `with` would raise when the server answers QUIT with 421: unsafe.
    server = smtplib.SMTP(host)
    server.sendmail(sender, recipients, message)
    server.quit()


def count_messages(host, user, password):
    # POP3 is no context manager: `contextlib.closing`, keeping the QUIT.
    pop = poplib.POP3(host)
    pop.user(user)
    pop.pass_(password)
    count, _ = pop.stat()
    pop.quit()
    return count


def listing(host):
    ftp = ftplib.FTP(host)
    ftp.login()
    return ftp.nlst()
