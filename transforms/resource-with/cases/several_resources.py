import aiofiles

# error


def copy(src, dst):
    a = open(src)
    b = open(dst, "w")
    b.write(a.read())
    b.close()
    a.close()


async def read(path):
    f = await aiofiles.open(path)
    data = await f.read()
    await f.close()
    return data


# ok


def read_sync_aiofiles(path):
    f = aiofiles.open(path)
    return f
