# MEM101: results that share their argument's memory keep it alive: a tensor made with
# torch.from_numpy or torch.as_tensor, an array np.frombuffer reads (whatever its dtype), a view
# from numpy's stride tricks, a masked array over the data. Dropping the name frees nothing.
import numpy as np
import scipy.sparse as sp
import torch


def tensor_from_numpy(path, n):
    arr = np.load(path)
    t = torch.from_numpy(arr)
    out = np.zeros((n, n), dtype=np.float32)
    return t, out


def tensor_as_tensor(path, n):
    arr = np.load(path)
    t = torch.as_tensor(arr)
    out = np.zeros((n, n), dtype=np.float32)
    return t, out


def tensor_on_the_gpu(path, n):
    # Copied to the device: the host array can go.
    arr = np.load(path)
    t = torch.as_tensor(arr, device="cuda")  # expect: MEM101
    out = np.zeros((n, n), dtype=np.float32)
    return t, out


def bytes_reinterpreted(path, n):
    arr = np.load(path)
    raw = np.frombuffer(arr, dtype=np.uint8)
    out = np.zeros((n, n), dtype=np.float32)
    return raw, out


def windows(path, n):
    arr = np.load(path)
    w = np.lib.stride_tricks.sliding_window_view(arr, 3)
    out = np.zeros((n, n), dtype=np.float32)
    return w, out


def masked(path, n):
    arr = np.load(path)
    m = np.ma.masked_array(arr, mask=arr > 0)
    out = np.zeros((n, n), dtype=np.float32)
    return m, out


def sparse_copy(path, n):
    # A sparse matrix made from a dense array holds copies of its nonzero values.
    arr = np.load(path)
    m = sp.csr_matrix(arr)  # expect: MEM101
    out = np.zeros((n, n), dtype=np.float32)
    return m, out
