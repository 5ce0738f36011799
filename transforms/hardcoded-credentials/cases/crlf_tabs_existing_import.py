import os as _os
import pymysql


def open_db():
	return pymysql.connect(host="db", passwd=u"tab$indented1", **{"token": "kw-dict-token"})


class Settings:
	PASSWORD = r"raw\zpass"
	DSN = r"postgresql://u:raw\zpw@h/db"
	other = "postgresql://u:" "concat-pw@h/db"
