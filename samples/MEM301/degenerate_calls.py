# Calls with missing, unpacked or odd arguments: wrong at run time, but never a crash or a guess.
import numpy as np
import pandas as pd

rng = np.random.default_rng()
args = ()
kwargs = {}

a = np.zeros()
b = np.arange()
c = np.full()
d = np.eye()
e = np.identity()
f = np.linspace()
g = rng.random(*args)
h = np.zeros(*args)
i = np.ones(**kwargs)
j = np.array()
k = np.zeros_like()
m = pd.DataFrame()
n = np.random.rand(*args)
o = np.arange(*args, **kwargs)
p = np.empty(shape=None)
q = np.zeros(dtype=None)
r = [].astype()
s = np.load()
