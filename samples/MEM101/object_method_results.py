# MEM101: the result of a method of an object whose class is not known may hold the object
# (`fit()` returning the estimator itself, a results object keeping its model, as statsmodels'
# do): dropping the object's name frees nothing while the result lives.
import numpy as np


def fit_then_allocate(res, power):
    power = np.arange(2, power + 1, dtype=int)
    exog = res.model.exog
    aug = res.fittedvalues[:, None]
    aug_exog = np.hstack([exog] + [aug**p for p in power])
    model_class = res.model.__class__
    model = model_class(res.model.data.endog, aug_exog)
    results = model.fit()
    width = aug_exog.shape[1]
    grid = np.eye(width, dtype=np.float32)
    return results, grid, aug_exog


def only_a_number_comes_out(res, power):
    power = np.arange(2, power + 1, dtype=int)
    exog = res.model.exog
    aug = res.fittedvalues[:, None]
    aug_exog = np.hstack([exog] + [aug**p for p in power])
    model_class = res.model.__class__
    model = model_class(res.model.data.endog, aug_exog)
    score = model.score()  # expect: MEM101
    width = aug_exog.shape[1]
    grid = np.eye(width, dtype=np.float32)
    return score, grid, aug_exog


def a_matrix_product_is_new_data(res, power, w):
    # Whatever `b` is, `b.dot(w)` computes new data: `b` can go.
    power = np.arange(2, power + 1, dtype=int)
    aug = res.fittedvalues[:, None]
    aug_exog = np.hstack([aug**p for p in power])
    model_class = res.model.__class__
    b = model_class(aug_exog)
    m = b.dot(w)  # expect: MEM101
    width = aug_exog.shape[1]
    grid = np.eye(width, dtype=np.float32)
    return m, grid, aug_exog
