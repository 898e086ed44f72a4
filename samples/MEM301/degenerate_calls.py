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
t = np.linspace(0.0, 10, 10 / 0.02)  # a float count: numpy raises TypeError
u = np.logspace(0, 3, num=1e3)  # the same
v = np.linspace(0.0, 10, 10 // 2)
