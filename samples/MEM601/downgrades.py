# MEM601: the fix is unsafe when a write could happen out of sight, when the type shows, or when
# the file could be rewritten while it is mapped.
import os

import numpy as np

train = np.load("data/module_level.npy")  # expect: MEM601[never written here]


def returned():
    x = np.load("data/returned.npy")  # expect: MEM601
    return x


def passed_to_unknown(model):
    x = np.load("data/passed.npy")  # expect: MEM601
    model.fit(x)


def stored(cache):
    x = np.load("data/stored.npy")  # expect: MEM601
    cache["x"] = x


def captured():
    x = np.load("data/captured.npy")  # expect: MEM601
    return lambda i: x[i]


def rebound():
    x = np.load("data/rebound.npy")  # expect: MEM601
    x = x[::2].copy()
    return x.sum()


def type_shows():
    x = np.load("data/repr.npy")  # expect: MEM601
    print(repr(x[:3]))


def type_shown_by_numpy():
    x = np.load("data/array_repr.npy")  # expect: MEM601  fix: unsafe[`np.array_repr()` shows its type]
    print(np.array_repr(x[:3]))  # `memmap([...])` instead of `array([...])`


def built_paths(root, name):
    a = np.load(f"{root}/{name}.npy")  # expect: MEM601
    b = np.load(os.path.join(root, "b.npy"))  # expect: MEM601
    c = np.load(root + "/c.npy")  # expect: MEM601
    return a.sum() + b.sum() + c.sum()


def rewritten(update):
    # The same file is saved again while the map would still be in use.
    x = np.load("data/rewritten.npy")  # expect: MEM601
    np.save("data/rewritten.npy", update)
    return x.sum()


def rewritten_out_of_sight(refresh_cache):
    # A call that runs while the map is in use may rewrite the file through another spelling of
    # its path: the map then reads the new bytes (or the process dies of SIGBUS if the file shrank).
    x = np.load("data/cache.npy")  # expect: MEM601  fix: unsafe[`refresh_cache(...)` runs while the map is in use]
    head = x[0].sum()
    refresh_cache()
    return head + x[1].sum()


def read_again_by_a_loop(refresh_cache):
    x = np.load("data/looped.npy")  # expect: MEM601  fix: unsafe[runs while the map is in use]
    total = 0.0
    for k in range(3):
        total += x[k].sum()
        refresh_cache(k)  # the next iteration reads the map again
    return total


def after_the_last_use(refresh_cache):
    x = np.load("data/last.npy")  # expect: MEM601  fix: safe
    total = float(x.sum()) + len(x)
    refresh_cache()  # the map is no longer read
    return total


def path_name_reused(update):
    path = "data/reused.npy"
    x = np.load(path)  # expect: MEM601
    np.save(path, update)
    return x.max()
