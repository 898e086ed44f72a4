# MEM101 and objects of classes the analyzer does not know: such an object holds what it is given.
# Made from values other names hold, it is no large value of its own; made by a call on an
# object's own class (`type(obj)(...)`, `obj.__class__(...)`, pandas' `obj._constructor(...)`), it
# allocates nothing large either.
import numpy as np


class Wrapper:
    def __init__(self, data, dtype=None):
        self.data = data


def wrap_then_search(memb, n, freq):
    rng = np.arange(n)
    rng += freq
    prng = type(memb)(rng, dtype=memb.dtype)
    bins = memb.searchsorted(prng, side="left")
    extra = np.zeros(n, dtype=np.float32)
    return bins, extra


def class_of_self(self, n, idx):
    offsets = np.zeros(n, dtype=np.float32)
    data = np.empty(n, dtype=np.float32)
    fill(offsets, data)
    return self.__class__((data, idx), copy=False)


def wraps_a_new_array(n):
    holder = Wrapper(np.zeros(n, dtype=np.float32))
    total = holder.data.sum()  # expect: MEM101[`holder` is not used after this]
    extra = np.ones(n, dtype=np.float32)
    return total, extra


def wraps_an_existing_array(n):
    data = np.zeros(n, dtype=np.float32)
    holder = Wrapper(data)
    total = holder.data.sum()
    extra = np.ones(n, dtype=np.float32)
    return total, extra, data


def wraps_in_a_private_class(module, path, exog, n):
    # `_MinimalWLS` is a class by the same convention, private or not
    # (statsmodels/genmod/generalized_linear_model.py): the model holds `endog`.
    endog = np.load(path)
    model = module._MinimalWLS(endog, exog, check_endog=True)
    results = model.fit()
    extra = np.ones(n, dtype=np.float32)
    return results, extra


def a_function_of_the_class(self, n):
    offsets = np.zeros(n, dtype=np.float32)
    data = np.empty(n, dtype=np.float32)
    fill(offsets, data)  # expect: MEM101[stays alive while `return self.__class__.build(data)`]
    return self.__class__.build(data)


def pandas_constructor(self, func, n):
    values = np.empty(n, dtype=object)
    values[:] = [func(v) for v in self._values]
    converted = convert_objects(values)  # expect: MEM101[stays alive while `result = cast_result(converted, self.dtype)`]
    result = cast_result(converted, self.dtype)
    return self._constructor(result, index=self.index)


def pandas_constructor_keeps_its_input(self, n):
    res = np.zeros(n, dtype=np.float32)
    fill(res)
    out = self._constructor_expanddim(res, index=self.index)
    return out.reindex(self.index)


def alternative_constructor(sm, df, n):
    # A class's `from_*` classmethod builds an object that keeps what it is given (statsmodels'
    # models keep their groups and data): dropping `groups` would free nothing while it lives.
    groups = np.ones(n, dtype=np.float32)
    model = sm.MixedLM.from_formula("y ~ 1", groups=groups, data=df)
    result = model.fit()
    return result


def sparse_from_its_arrays(size, nnz):
    # A sparse tensor keeps the index and value tensors it is built from, uncopied.
    import torch

    values = torch.rand(nnz)
    indices = torch.randint(0, size, (2, nnz))
    sparse = torch.sparse_coo_tensor(indices, values, (size, size))
    dense = sparse.to_dense()
    return dense
