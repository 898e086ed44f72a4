// Value facts and uses: what the model says about bindings, through the checker's single walk.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/checker.h"
#include "analyzer/values.h"
#include "rules/registry.h"
#include "tests/sample_runner.h"

namespace pml {
namespace {

struct Analyzed {
  std::string text;
  Parser parser;
  std::unique_ptr<FileAnalysis> fa;
  std::unique_ptr<ValueAnalyzer> values;
  explicit Analyzed(std::string t, uint64_t min_bytes = 1u << 20) : text(std::move(t)) {
    fa = analyze(text, parser);
    EXPECT_FALSE(fa->syntax_error);
    values = std::make_unique<ValueAnalyzer>(fa->model, text, min_bytes);
  }
  // The last binding of `name` anywhere in the file.
  uint32_t binding(std::string_view name) const {
    const auto& bs = fa->model.bindings();
    for (size_t i = bs.size(); i-- > 0;)
      if (bs[i].name == name) return static_cast<uint32_t>(i);
    ADD_FAILURE() << "no binding " << name;
    return 0;
  }
  const ValueFacts& facts(std::string_view name) const { return values->of_binding(binding(name)); }
  // The model's constant for the value assigned to `name` (its last binding).
  std::optional<int64_t> constant(std::string_view name) const {
    const Binding& b = fa->model.bindings()[binding(name)];
    return fa->model.constant_int(b.value, b.scope);
  }
  bool escapes(std::string_view name) const { return fa->model.escapes(binding(name)); }
};

TEST(ValueFacts, ProducersGiveKindDtypeAndSize) {
  Analyzed a("import numpy as np\nimport pandas as pd\nN = 1000\n"
             "x = np.zeros((N, N))\ny = np.arange(N)\ndf = pd.read_csv(p)\nsmall = np.ones(3)\n");
  EXPECT_EQ(a.facts("x").kind, ValueKind::NDArray);
  EXPECT_EQ(a.facts("x").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("x").bytes(), 8'000'000u);
  EXPECT_TRUE(a.facts("x").large);
  EXPECT_EQ(a.facts("y").dtype, Dtype::Int64);
  EXPECT_FALSE(a.facts("y").large);  // 8 kB
  EXPECT_EQ(a.facts("df").kind, ValueKind::DataFrame);
  EXPECT_TRUE(a.facts("df").large);  // unknown size from a large producer
  EXPECT_FALSE(a.facts("small").large);
}

// The unsigned and complex64 dtypes by every name numpy gives them (the ones `np.dtype` reads in
// NumPy 1.24: 'u2', 'uint', 'P', 'csingle', ...), with their sizes; longdouble and clongdouble,
// whose width depends on the platform, stay unknown.
TEST(ValueFacts, UnsignedAndComplex64DtypesByName) {
  Analyzed a("import numpy as np\nN = 1000\n"
             "u2 = np.zeros(N, dtype='u2')\nu4 = np.zeros(N, dtype=np.uint32)\nu8 = np.zeros(N, dtype='<u8')\n"
             "uint = np.zeros(N, dtype='uint')\nnpuint = np.zeros(N, dtype=np.uint)\nup = np.zeros(N, dtype='P')\n"
             "npup = np.zeros(N, dtype=np.uintp)\nu16 = np.zeros(N, dtype='uint16')\nbig = np.zeros(N, dtype='>u4')\n"
             "c8 = np.zeros(N, dtype='c8')\ncs = np.zeros(N, dtype=np.csingle)\nc64 = np.zeros(N, dtype='complex64')\n"
             "cd = np.zeros(N, dtype=np.cdouble)\nld = np.zeros(N, dtype=np.longdouble)\n"
             "f128 = np.zeros(N, dtype='float128')\ncld = np.zeros(N, dtype=np.clongdouble)\n"
             "full = np.full(N, np.uint16(7))\n");
  EXPECT_EQ(a.facts("u2").dtype, Dtype::Uint16);
  EXPECT_EQ(a.facts("u2").bytes(), 2000u);
  EXPECT_EQ(a.facts("u16").dtype, Dtype::Uint16);
  EXPECT_EQ(a.facts("u4").dtype, Dtype::Uint32);
  EXPECT_EQ(a.facts("u4").bytes(), 4000u);
  EXPECT_EQ(a.facts("u8").dtype, Dtype::Uint64);
  EXPECT_EQ(a.facts("u8").bytes(), 8000u);
  for (const char* name : {"uint", "npuint", "up", "npup"}) EXPECT_EQ(a.facts(name).dtype, Dtype::Uint64) << name;
  EXPECT_EQ(a.facts("big").dtype, Dtype::Unknown);  // not the native byte order
  for (const char* name : {"c8", "cs", "c64"}) {
    EXPECT_EQ(a.facts(name).dtype, Dtype::Complex64) << name;
    EXPECT_EQ(a.facts(name).bytes(), 8000u) << name;
  }
  EXPECT_EQ(a.facts("cd").dtype, Dtype::Complex128);
  for (const char* name : {"ld", "f128", "cld"}) EXPECT_EQ(a.facts(name).dtype, Dtype::Unknown) << name;
  EXPECT_EQ(a.facts("full").dtype, Dtype::Uint16);  // the fill value's numpy type
  EXPECT_EQ(dtype_name(Dtype::Uint32), "uint32");
  EXPECT_EQ(dtype_name(Dtype::Complex64), "complex64");
}

// Ufuncs of one argument on the new dtypes, as NumPy 1.24 computes them: sqrt gives the float
// that holds the ints (uint8: float16, uint16: float32, uint32 and uint64: float64), abs of
// complex64 is float32, negative keeps an unsigned dtype (it wraps around).
TEST(ValueFacts, UnaryUfuncsOfUnsignedAndComplex64Arrays) {
  Analyzed a("import numpy as np\nN = 1000\nb = np.zeros(N, dtype=np.uint8)\nh = np.zeros(N, dtype=np.uint16)\n"
             "w = np.zeros(N, dtype=np.uint32)\nq = np.zeros(N, dtype=np.uint64)\nc = np.zeros(N, dtype=np.complex64)\n"
             "sb = np.sqrt(b)\nsh = np.sqrt(h)\nsw = np.sqrt(w)\nsq = np.sqrt(q)\nsc = np.sqrt(c)\nac = np.abs(c)\n"
             "ah = np.abs(h)\nnh = np.negative(h)\nmix = q + np.zeros(N, dtype=np.int8)\nhalf = c * 0.5\n"
             "wide = c * np.zeros(N)\n");
  EXPECT_EQ(a.facts("sb").dtype, Dtype::Float16);
  EXPECT_EQ(a.facts("sh").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("sw").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("sq").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("sc").dtype, Dtype::Complex64);
  EXPECT_EQ(a.facts("ac").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("ac").bytes(), 4000u);
  EXPECT_EQ(a.facts("ah").dtype, Dtype::Uint16);
  EXPECT_EQ(a.facts("nh").dtype, Dtype::Uint16);
  EXPECT_EQ(a.facts("mix").dtype, Dtype::Float64);  // uint64 with a signed int
  EXPECT_EQ(a.facts("half").dtype, Dtype::Complex64);
  EXPECT_EQ(a.facts("wide").dtype, Dtype::Complex128);
}

// A numpy scalar of another type than float64 or int64 among arange's arguments or linspace's
// endpoints decides the result's dtype: extended precision always (np.longdouble: a type the model
// leaves unknown), a float32 one by numpy's version; an int one with a Python float gives float64.
TEST(ValueFacts, NumpyScalarsAmongArangeAndLinspaceArguments) {
  Analyzed a("import numpy as np\n"
             "long_start = np.arange(np.longdouble(0), 10, 0.5)\nsingle_step = np.arange(0, 10, np.float32(0.5))\n"
             "uint_float = np.arange(np.uint16(0), 10, 0.5)\nuint_only = np.arange(np.uint16(0), 10)\n"
             "int64_only = np.arange(np.int64(0), 10)\nplain = np.arange(0, 10, 0.5)\n"
             "long_end = np.linspace(0, np.clongdouble(1), 5)\nuint_end = np.linspace(np.uint16(0), 1, 5)\n");
  EXPECT_EQ(a.facts("long_start").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("single_step").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("uint_float").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("uint_only").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("int64_only").dtype, Dtype::Int64);
  EXPECT_EQ(a.facts("plain").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("long_end").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("uint_end").dtype, Dtype::Float64);
}

TEST(ValueFacts, MetadataSetInPlaceDropsTheFactsItChanges) {
  // The facts of a binding hold wherever it is read: a shape, size or dtype set in place through
  // a read of it is no longer known, and an array whose flags are set is not `fresh` (it may be
  // read-only, so nothing may write into it for the code).
  Analyzed a("import numpy as np\nN = 1000\n"
             "col = np.zeros(N, dtype=np.float32)\ncol.shape = (N, 1)\n"
             "grown = np.zeros(N, dtype=np.float32)\ngrown.resize((N, 2))\n"
             "bits = np.zeros(N, dtype=np.float32)\nbits.dtype = np.int32\n"
             "frozen = np.zeros(N, dtype=np.float32)\nfrozen.setflags(write=False)\n"
             "plain = np.zeros(N, dtype=np.float32)\nplain.fill(0)\n");
  EXPECT_FALSE(a.facts("col").shape);
  EXPECT_EQ(a.facts("col").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("col").bytes(), 4000u);  // the element count stays
  EXPECT_FALSE(a.facts("grown").shape);
  EXPECT_FALSE(a.facts("grown").elements);
  EXPECT_EQ(a.facts("bits").dtype, Dtype::Unknown);
  EXPECT_FALSE(a.facts("bits").shape);
  EXPECT_TRUE(a.facts("frozen").shape);
  EXPECT_FALSE(a.facts("frozen").fresh);
  EXPECT_TRUE(a.facts("plain").fresh);
  EXPECT_TRUE(a.facts("plain").shape);
}

TEST(ValueFacts, LargenessFlowsThroughCallsAndOperators) {
  Analyzed a("import pickle\nwith open(p, 'rb') as file:\n    data1 = pickle.load(file)\n"
             "data2 = some_processing1(data1)\ndata3 = some_processing2(data2)\nflag = check(3)\n");
  EXPECT_EQ(a.facts("file").kind, ValueKind::File);
  EXPECT_TRUE(a.facts("data1").large);
  EXPECT_TRUE(a.facts("data2").large);
  EXPECT_TRUE(a.facts("data3").large);
  EXPECT_FALSE(a.facts("flag").large);
}

TEST(ValueFacts, ArithmeticPromotesAsNumpyDoes) {
  Analyzed a("import numpy as np\nN = 10_000_000\nf = np.ones(N, dtype=np.float32)\ni = np.arange(N)\n"
             "f2 = f * 2.0\ni2 = i / 2\ni3 = i * 3\nf3 = f + np.ones(N)\n");
  EXPECT_EQ(a.facts("f2").dtype, Dtype::Float32);  // Python floats are weak (NEP 50)
  EXPECT_EQ(a.facts("i2").dtype, Dtype::Float64);  // true division promotes ints
  EXPECT_EQ(a.facts("i3").dtype, Dtype::Int64);
  EXPECT_EQ(a.facts("f3").dtype, Dtype::Float64);
  EXPECT_TRUE(a.facts("f2").large);
  EXPECT_EQ(a.facts("f2").elements, 10'000'000u);
}

// When only the kind of a dtype is known (floating or complex, its width not), the facts keep a
// floor: the value's dtype is promoted from it, so an int dtype is ruled out.
TEST(ValueFacts, AFloorOfTheDtypeWhenOnlyItsKindIsKnown) {
  Analyzed a("import numpy as np\n"
             "x = np.load(p)\nq = x / s\nh = x * s + 0.5\nk = x + 1\nc = -(x * 1.5)[1:]\nt = q.T\n"
             "j = np.concatenate((np.ones(3), x))\nv = q.view(np.int8)\na = q.astype(d)\n");
  EXPECT_EQ(a.facts("q").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("q").floor, Dtype::Float16);
  EXPECT_EQ(a.facts("h").floor, Dtype::Float16);
  EXPECT_EQ(a.facts("k").floor, Dtype::Unknown);  // an int stays an int
  EXPECT_EQ(a.facts("c").floor, Dtype::Float16);
  EXPECT_EQ(a.facts("t").floor, Dtype::Float16);
  EXPECT_EQ(a.facts("j").floor, Dtype::Float64);
  EXPECT_EQ(a.facts("v").dtype, Dtype::Int8);
  EXPECT_EQ(a.facts("a").floor, Dtype::Unknown);  // converted to a dtype not known here
  EXPECT_FALSE(may_have_dtype(a.facts("q"), Dtype::Int32));
  EXPECT_TRUE(may_have_dtype(a.facts("q"), Dtype::Float32));
  EXPECT_TRUE(may_have_dtype(a.facts("q"), Dtype::Complex64));
  EXPECT_TRUE(may_have_dtype(a.facts("q"), Dtype::Object));
  EXPECT_FALSE(may_have_dtype(a.facts("j"), Dtype::Float32));
  EXPECT_TRUE(may_have_dtype(a.facts("j"), Dtype::Complex128));
  EXPECT_TRUE(may_have_dtype(a.facts("k"), Dtype::Int32));
}

// np.fromfile and np.frombuffer read `count` items (fromfile fewer from a short file).
TEST(ValueFacts, ACountedReadOfAKnownDtypeHasItsSize) {
  Analyzed a("import numpy as np\n"
             "buf = bytes(100)\na = np.fromfile(f, '<u1', 3)\nb = np.fromfile(f, dtype=np.int32, count=16)\n"
             "c = np.frombuffer(buf, np.float64, 8)\nd = np.fromfile(f, np.float64)\ne = np.fromfile(f, t, 3)\n"
             "g = np.fromfile(f, np.uint8, -1)\nh = np.frombuffer(count=2, dtype=np.int16, buffer=buf)\n");
  EXPECT_EQ(a.facts("a").bytes(), 3u);
  EXPECT_EQ(a.facts("a").shape, (std::vector<int64_t>{-1}));
  EXPECT_EQ(a.facts("b").bytes(), 64u);
  EXPECT_EQ(a.facts("c").bytes(), 64u);
  EXPECT_EQ(a.facts("c").shape, (std::vector<int64_t>{8}));
  EXPECT_FALSE(a.facts("d").elements);
  EXPECT_TRUE(a.facts("d").large);
  EXPECT_FALSE(a.facts("e").elements);  // a dtype not known here may have a shape of its own
  EXPECT_FALSE(a.facts("g").elements);  // to the end
  EXPECT_EQ(a.facts("h").bytes(), 4u);
  EXPECT_TRUE(a.facts("h").is_view);
  EXPECT_EQ(a.facts("h").view_base, static_cast<int32_t>(a.binding("buf")));
}

// A name bound once to a dtype's name is that dtype wherever it is read; a name that may hold
// another value is not.
TEST(ValueFacts, DtypesByTheNameOfAConstant) {
  Analyzed a("import numpy as np\nU1 = '<u1'\nF4 = np.float32\nALIAS = F4\nBE = '>f8'\nW = 'f8'\n"
             "if c:\n    W = 'f4'\n"
             "def f(n):\n    a = np.zeros(n, U1)\n    b = np.zeros(n, dtype=ALIAS)\n"
             "    c = np.zeros(n, BE)\n    d = np.zeros(n, W)\n    return a, b, c, d\n");
  EXPECT_EQ(a.facts("a").dtype, Dtype::Uint8);
  EXPECT_EQ(a.facts("b").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("c").dtype, Dtype::Unknown);  // big-endian
  EXPECT_EQ(a.facts("d").dtype, Dtype::Unknown);  // two values
}

TEST(ValueFacts, BasicSlicesAreViewsFancyIndexingCopies) {
  Analyzed a("import numpy as np\nx = np.zeros(n)\nv = x[1:10]\nw = v[::2]\nt = x.T\nr = x.reshape(2, -1)\n"
             "c = x[[1, 2]]\nm = x[x > 0]\nk = x.copy()\n");
  uint32_t x = a.binding("x");
  for (const char* view : {"v", "w", "t", "r"}) {
    EXPECT_TRUE(a.facts(view).is_view) << view;
    EXPECT_EQ(a.facts(view).view_base, static_cast<int32_t>(x)) << view;
  }
  EXPECT_FALSE(a.facts("c").is_view);
  EXPECT_TRUE(a.facts("c").large);
  EXPECT_FALSE(a.facts("m").is_view);
  EXPECT_FALSE(a.facts("k").is_view);
  EXPECT_TRUE(a.facts("k").large);
}

TEST(ValueFacts, ComprehensionsFilesAndGenerators) {
  Analyzed a("import numpy as np\nbig = np.ones(n)\nsq = [v * v for v in big]\nlazy = (v for v in big)\n"
             "with open(p) as fh:\n    text = fh.read()\n    lines = fh.readlines()\n"
             "rng = np.random.default_rng()\nsmall = [i for i in range(10)]\nhuge = [i for i in range(10_000_000)]\n");
  EXPECT_EQ(a.facts("sq").kind, ValueKind::List);
  EXPECT_TRUE(a.facts("sq").large);
  EXPECT_EQ(a.facts("lazy").kind, ValueKind::Iterator);
  EXPECT_FALSE(a.facts("lazy").large);
  EXPECT_EQ(a.facts("text").kind, ValueKind::String);
  EXPECT_TRUE(a.facts("text").large);
  EXPECT_EQ(a.facts("lines").kind, ValueKind::List);
  EXPECT_EQ(a.facts("rng").kind, ValueKind::Generator);
  EXPECT_FALSE(a.facts("small").large);
  EXPECT_TRUE(a.facts("huge").large);  // 10M elements x 32 bytes
}

TEST(ValueFacts, CompressedAndIoFilesAreFiles) {
  Analyzed a("import gzip, bz2, lzma, io\nfrom gzip import GzipFile\na = gzip.open(p)\nb = GzipFile(filename=p)\n"
             "c = bz2.open(p)\nd = lzma.open(p)\ne = io.open(p)\nwith bz2.BZ2File(p) as g:\n    lines = g.readlines()\n");
  for (const char* name : {"a", "b", "c", "d", "e", "g"}) EXPECT_EQ(a.facts(name).kind, ValueKind::File) << name;
  EXPECT_EQ(a.facts("lines").kind, ValueKind::List);
}

TEST(ValueFacts, NonNumpyModulesAreUnknown) {
  Analyzed a("import mylib as np\nx = np.zeros(n)\ns = 'a'\ns2 = s + '!'\n");
  EXPECT_EQ(a.facts("x").kind, ValueKind::Unknown);
  EXPECT_FALSE(a.facts("x").large);
  EXPECT_EQ(a.facts("s2").kind, ValueKind::String);
  EXPECT_FALSE(a.facts("s2").large);
}

TEST(ValueFacts, PoolsExecutorsAndManagersThroughWith) {
  Analyzed a("import multiprocessing as mp\nfrom concurrent.futures import ProcessPoolExecutor\n"
             "with mp.Pool(4) as pool:\n    pass\nwith ProcessPoolExecutor() as ex:\n    pass\nm = mp.Manager()\n");
  EXPECT_EQ(a.facts("pool").kind, ValueKind::Pool);
  EXPECT_EQ(a.facts("ex").kind, ValueKind::Executor);
  EXPECT_EQ(a.facts("m").kind, ValueKind::Manager);
}

TEST(ValueFacts, ManagerProxiesContextPoolsAndParallelism) {
  Analyzed a("import multiprocessing as mp\nfrom multiprocessing.pool import ThreadPool\n"
             "from concurrent.futures import ThreadPoolExecutor\nimport joblib\n"
             "m = mp.Manager()\nshared = m.list(xs)\nd = m.dict()\nns = m.Namespace()\n"
             "with mp.Manager() as m2:\n    q = m2.dict(d0)\n"
             "ctx = mp.get_context('spawn')\ncp = ctx.Pool(4)\ncm = ctx.Manager()\nproc = ctx.Process(target=f)\n"
             "tp = ThreadPool(4)\nte = ThreadPoolExecutor()\npar = joblib.Parallel(n_jobs=2)\n"
             "other = obj.list(xs)\n");
  for (const char* proxy : {"shared", "d", "ns", "q"}) {
    EXPECT_EQ(a.facts(proxy).kind, ValueKind::Proxy) << proxy;
    EXPECT_FALSE(a.facts(proxy).large) << proxy;
  }
  EXPECT_EQ(a.facts("shared").producer->qualified, "multiprocessing.managers.SyncManager.list");
  EXPECT_EQ(a.facts("cp").kind, ValueKind::Pool);
  EXPECT_EQ(a.facts("cp").producer->qualified, "multiprocessing.Pool");
  EXPECT_EQ(a.facts("cm").kind, ValueKind::Manager);
  EXPECT_EQ(a.facts("proc").producer->qualified, "multiprocessing.Process");
  // Thread pools keep the Pool/Executor kinds; their producer tells them apart.
  EXPECT_EQ(a.facts("tp").kind, ValueKind::Pool);
  EXPECT_EQ(a.facts("tp").producer->qualified, "multiprocessing.pool.ThreadPool");
  EXPECT_EQ(a.facts("te").producer->qualified, "concurrent.futures.ThreadPoolExecutor");
  EXPECT_EQ(a.facts("par").producer->qualified, "joblib.Parallel");
  EXPECT_EQ(a.facts("other").kind, ValueKind::Unknown);  // not a Manager
  EXPECT_EQ(a.facts("other").producer, nullptr);
}

TEST(Uses, ComprehensionElementsReadTheirTargets) {
  // The element is written before the `for` clause that binds its names, but runs after it.
  Analyzed a("rows = load()\nrow = 1\nout = [row.strip() for row in rows if row]\n");
  const auto& model = a.fa->model;
  int32_t target = -1;
  for (uint32_t i = 0; i < model.bindings().size(); ++i)
    if (model.bindings()[i].name == "row" && model.bindings()[i].kind == BindingKind::LoopTarget)
      target = static_cast<int32_t>(i);
  ASSERT_GE(target, 0);
  int reads = 0;
  for (const auto& r : model.references())
    if (r.name == "row") {
      EXPECT_EQ(r.binding, target) << "a read of `row` in the comprehension resolves elsewhere";
      ++reads;
    }
  EXPECT_EQ(reads, 2);
}

TEST(Uses, EscapesAreClassified) {
  Analyzed a(
      "def f(p):\n"
      "    kept = [1]\n    returned = [2]\n    aliased = [3]\n    stored = [4]\n    passed = [5]\n"
      "    captured = [6]\n    read = [7]\n"
      "    print(len(kept), kept[0], kept + [0])\n"
      "    other = aliased\n    box = [stored]\n    unknown_call(passed)\n"
      "    g = lambda: captured\n    for v in read:\n        pass\n"
      "    return returned\n");
  EXPECT_FALSE(a.escapes("kept"));
  EXPECT_FALSE(a.escapes("read"));
  EXPECT_TRUE(a.escapes("returned"));
  EXPECT_TRUE(a.escapes("aliased"));
  EXPECT_TRUE(a.escapes("stored"));
  EXPECT_TRUE(a.escapes("passed"));
  EXPECT_TRUE(a.escapes("captured"));
}

TEST(Uses, BooleanOperatorsPassAnOperandOn) {
  Analyzed a("def f():\n    x = [1]\n    tested = [2]\n    y = x or []\n    if tested and y:\n        pass\n");
  EXPECT_TRUE(a.escapes("x"));  // `x or []` is x itself
  EXPECT_FALSE(a.escapes("tested"));
}

TEST(Uses, NestedFunctionsThatUseANameAreFound) {
  Analyzed a(
      "def f():\n    x = [1]\n    x = [2]\n    y = [3]\n    z = [4]\n    w = [5]\n"
      "    g = lambda: x\n    ys = [y for _ in range(3)]\n"
      "    def h():\n        nonlocal z\n        z = None\n"
      "    def k():\n        w = 1\n        return w\n");
  const auto& model = a.fa->model;
  uint32_t f = model.bindings()[a.binding("x")].scope;
  EXPECT_TRUE(model.used_by_nested_scope("x", f));   // read by a lambda (x has two bindings)
  EXPECT_FALSE(model.used_by_nested_scope("y", f));  // a comprehension runs at once
  EXPECT_TRUE(model.used_by_nested_scope("z", f));   // nonlocal
  EXPECT_FALSE(model.used_by_nested_scope("w", f));  // k binds its own w
}

TEST(Uses, AppendStoresAndNumpyCallsRead) {
  Analyzed a("import numpy as np\nout = []\nx = np.ones(n)\ny = np.ones(n)\nout.append(x)\ntotal = np.sum(y)\n");
  EXPECT_TRUE(a.escapes("x"));
  EXPECT_FALSE(a.escapes("y"));
}

TEST(Uses, ReferencesResolveToTheBindingThatReachesThem) {
  Analyzed a("x = 1\nprint(x)\nx = 2\nprint(x)\n");
  const auto& model = a.fa->model;
  const auto& ids = model.bindings_of("x", 0);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(model.references_of(ids[0]).size(), 1u);
  EXPECT_EQ(model.references_of(ids[1]).size(), 1u);
  // Attribute names and keyword names are not reads of variables.
  Analyzed b("obj.x = 1\nf(x=2)\n");
  for (const auto& r : b.fa->model.references()) EXPECT_NE(r.name, "x");
}

TEST(ValueFacts, FreshArraysAreNewAllocationsNothingElseRefersTo) {
  Analyzed a("import numpy as np\n"
             "z = np.zeros(n)\nl = np.load(p)\nm = np.load(p, mmap_mode='r')\nm2 = np.load(p, 'r')\n"
             "s = z * 2\nq = np.sqrt(z)\nq2 = np.sqrt(z, out=z)\nq3 = np.add(z, 1, z)\n"
             "c = z.copy()\nt = z.astype(np.float32)\nt2 = z.astype(np.float32, copy=False)\n"
             "arr = np.array(z)\narr2 = np.array(z, copy=False)\nas1 = np.asarray(z)\nas2 = np.asarray(lst)\n"
             "alias = z\nview = z[1:]\nneg = -z\n");
  for (const char* fresh : {"z", "l", "s", "q", "c", "t", "arr", "neg"}) EXPECT_TRUE(a.facts(fresh).fresh) << fresh;
  for (const char* shared : {"m", "m2", "q2", "q3", "t2", "arr2", "as1", "as2", "alias", "view"})
    EXPECT_FALSE(a.facts(shared).fresh) << shared;
  // np.asarray of an array is that array: a view of it for the lifetime questions.
  EXPECT_TRUE(a.facts("as1").is_view);
  EXPECT_EQ(a.facts("as1").view_base, static_cast<int32_t>(a.binding("z")));
  EXPECT_FALSE(a.facts("as2").is_view);  // of a list (or unknown): a new array or unknown, not a view
}

TEST(ValueFacts, ArrayAnnotatedParametersAreArrays) {
  Analyzed a("import numpy as np\nimport numpy.typing as npt\n"
             "def f(x: np.ndarray, y: npt.NDArray[np.float32], z: int, w, v: np.ndarray = None):\n    pass\n");
  EXPECT_EQ(a.facts("x").kind, ValueKind::NDArray);
  EXPECT_EQ(a.facts("x").dtype, Dtype::Unknown);
  EXPECT_EQ(a.facts("y").kind, ValueKind::NDArray);
  EXPECT_EQ(a.facts("y").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("z").kind, ValueKind::Unknown);
  EXPECT_EQ(a.facts("w").kind, ValueKind::Unknown);
  EXPECT_EQ(a.facts("v").kind, ValueKind::NDArray);
  EXPECT_FALSE(a.facts("x").fresh);
}

TEST(ValueFacts, PythonNumbersHaveTypes) {
  Analyzed a("import math\nimport numpy as np\n"
             "f = float(s)\ni = int(s)\nn = len(s)\nr = math.sqrt(n)\nfl = math.floor(r)\npi = math.pi\n"
             "isn = math.isnan(r)\nmix = i + f\nq = i / 2\nfd = i // 2\np1 = i ** 2\np2 = i ** -1\n"
             "p3 = f ** 0.5\nab = abs(f)\nrd = round(f)\ncond = 1.0 if c else 2.0\ncond2 = 1 if c else 2.0\n"
             "for k in range(n):\n    pass\nfor e in items:\n    pass\nacc = 0\nacc += 0.5\n"
             "w = 2.0\nx32 = np.ones(10_000_000, dtype=np.float32)\ny32 = x32 * w\nu = unknown(s)\n");
  auto dtype = [&](const char* name) {
    const ValueFacts& f = a.facts(name);
    return f.kind == ValueKind::Scalar ? f.dtype : Dtype::Object;  // Object: "not a scalar"
  };
  EXPECT_EQ(dtype("f"), Dtype::Float64);
  EXPECT_EQ(dtype("i"), Dtype::Int64);
  EXPECT_EQ(dtype("n"), Dtype::Int64);
  EXPECT_EQ(dtype("r"), Dtype::Float64);
  EXPECT_EQ(dtype("fl"), Dtype::Int64);
  EXPECT_EQ(dtype("pi"), Dtype::Float64);
  EXPECT_EQ(a.facts("isn").kind, ValueKind::Unknown);  // a bool
  EXPECT_EQ(dtype("mix"), Dtype::Float64);
  EXPECT_EQ(dtype("q"), Dtype::Float64);
  EXPECT_EQ(dtype("fd"), Dtype::Int64);
  EXPECT_EQ(dtype("p1"), Dtype::Int64);
  EXPECT_EQ(dtype("p2"), Dtype::Float64);
  EXPECT_EQ(dtype("p3"), Dtype::Unknown);  // a negative float to a fractional power is complex
  EXPECT_EQ(dtype("ab"), Dtype::Float64);
  EXPECT_EQ(dtype("rd"), Dtype::Int64);
  EXPECT_EQ(dtype("cond"), Dtype::Float64);
  EXPECT_EQ(dtype("cond2"), Dtype::Unknown);
  EXPECT_EQ(dtype("k"), Dtype::Int64);
  EXPECT_EQ(a.facts("e").kind, ValueKind::Unknown);
  EXPECT_EQ(dtype("acc"), Dtype::Float64);  // 0 + 0.5
  EXPECT_EQ(a.facts("u").kind, ValueKind::Unknown);
  // A Python float held in a name is as weak as a literal (NEP 50): float32 stays float32.
  EXPECT_EQ(a.facts("y32").dtype, Dtype::Float32);
}

TEST(Uses, ReadsThatMayShareAnArraysMemory) {
  Analyzed a("import numpy as np\n"
             "def f(keep):\n"
             "    x = np.zeros(n)\n"
             "    total = x.sum() + len(x) + x.shape[0]\n"  // consume: 3 reads
             "    x[0] = 1\n"                                 // writes into it
             "    y = x * 2\n"                                // arithmetic: new array
             "    first = x[0] + 1\n"                         // an element consumed
             "    c = x.astype(np.float32)\n"                 // fresh copy
             "    x.fill(0)\n"                                // in place, result discarded
             "    v = x[1:]\n"                                // a view survives: shares
             "    r = x.reshape(2, -1).T\n"                   // a view of a view: shares
             "    s = np.asarray(x)\n"                        // may be x itself: shares
             "    for row in x:\n        pass\n"             // rows may be views: shares
             "    keep.append(x)\n");                         // stored: shares
  const auto& model = a.fa->model;
  uint32_t x = 0;
  for (uint32_t id : model.bindings_of("x", model.bindings()[a.binding("keep")].scope)) x = id;
  std::vector<bool> shares;
  for (uint32_t r : model.references_of(x)) shares.push_back(a.values->read_may_share(model.references()[r]));
  std::vector<bool> expected = {false, false, false, false, false, false, false, false, true, true, true, true, true};
  EXPECT_EQ(shares, expected);
}

TEST(Uses, ReadsOfANameIncludeUnresolvedClosures) {
  Analyzed a("def f():\n    x = [1]\n    g = lambda: x.append(2)\n    x = [3]\n    print(x)\n"
             "    def h():\n        x = 0\n        return x\n    return g\n");
  const auto& model = a.fa->model;
  uint32_t scope = model.bindings()[a.binding("g")].scope;
  std::vector<std::string_view> contexts;
  for (uint32_t r : model.reads_of_name("x", scope)) {
    const Reference& ref = model.references()[r];
    contexts.push_back(kind_of(ref.parent) == Kind::Attribute ? "attribute" : "argument");
  }
  // The lambda's read resolves to no binding (x is bound twice) but is included; h's own x is not.
  EXPECT_EQ(contexts, (std::vector<std::string_view>{"attribute", "argument"}));
}

TEST(Uses, ValuesAreEvaluatedBeforeTheirTargetsAreBound) {
  Analyzed a("x = 1\nx = x + 1\nfor y in x:\n    pass\nfor x in x:\n    pass\n"
             "sq = [v * v for v in v]\nw = (w := 2) + w\n");
  const auto& model = a.fa->model;
  auto binding_of_read = [&](size_t nth_read_of, std::string_view name) -> int32_t {
    size_t seen = 0;
    for (const auto& r : model.references())
      if (r.name == name && seen++ == nth_read_of) return r.binding;
    return -2;
  };
  const auto& xs = model.bindings_of("x", 0);
  ASSERT_EQ(xs.size(), 3u);
  EXPECT_EQ(binding_of_read(0, "x"), static_cast<int32_t>(xs[0]));  // `x + 1` reads the first x
  EXPECT_EQ(binding_of_read(1, "x"), static_cast<int32_t>(xs[1]));  // `for y in x`
  EXPECT_EQ(binding_of_read(2, "x"), static_cast<int32_t>(xs[1]));  // `for x in x`: the iterable first
  // In a comprehension the element sees the target; the first iterable is the enclosing scope's.
  int32_t element = binding_of_read(0, "v"), iterable = binding_of_read(2, "v");
  ASSERT_GE(element, 0);
  EXPECT_EQ(model.bindings()[element].kind, BindingKind::LoopTarget);
  EXPECT_EQ(binding_of_read(1, "v"), element);
  EXPECT_EQ(iterable, -1);  // no `v` outside: unresolved, not the comprehension's own target
  // A walrus inside a value is bound before the assignment's own target.
  int32_t walrus_read = binding_of_read(0, "w");
  ASSERT_GE(walrus_read, 0);
  EXPECT_EQ(model.bindings()[walrus_read].kind, BindingKind::NamedExpr);
}

TEST(ValueFacts, ByteOrderIsPartOfTheDtype) {
  Analyzed a("import numpy as np\nb = np.empty(n, dtype='>f8')\nl = np.empty(n, dtype='<f8')\n");
  EXPECT_EQ(a.facts("b").dtype, Dtype::Unknown);  // not the native float64
  EXPECT_EQ(a.facts("l").dtype, Dtype::Float64);
}

TEST(ValueFacts, TuplesAreNotLists) {
  Analyzed a("t = (1, 2)\nu = tuple(xs)\nl = [1] * 3\ns = t[1:]\nw = t + (3,)\nc = list(t)\n");
  EXPECT_EQ(a.facts("t").kind, ValueKind::Tuple);
  EXPECT_EQ(a.facts("u").kind, ValueKind::Tuple);
  EXPECT_EQ(a.facts("l").kind, ValueKind::List);
  EXPECT_EQ(a.facts("l").elements, 3u);
  EXPECT_EQ(a.facts("s").kind, ValueKind::Tuple);
  EXPECT_EQ(a.facts("w").kind, ValueKind::Tuple);
  EXPECT_EQ(a.facts("c").kind, ValueKind::List);
  Analyzed bare("p = 1, 2\n");
  EXPECT_EQ(bare.facts("p").kind, ValueKind::Tuple);
  EXPECT_EQ(bare.facts("p").elements, 2u);
}

TEST(ValueFacts, SetsAreNotLists) {
  Analyzed a("import numpy as np\nbig = np.ones(n)\nd = {1, 2}\nc = {v * 2 for v in big}\ns = set(xs)\n"
             "f = frozenset(xs)\nm = s - d\nl = [v for v in c]\n");
  for (const char* name : {"d", "c", "s", "f", "m"}) EXPECT_EQ(a.facts(name).kind, ValueKind::Set) << name;
  EXPECT_TRUE(a.facts("c").large);
  EXPECT_EQ(a.facts("l").kind, ValueKind::List);
  EXPECT_TRUE(a.facts("l").large);
}

TEST(ValueFacts, ShapesWhenTheNumberOfDimensionsIsStatic) {
  Analyzed a("import numpy as np\nN = 1000\ndef f(n, shape):\n"
             "    x = np.zeros((N, 3))\n    y = np.zeros(n)\n    z = np.zeros((n, N))\n    r = np.arange(n)\n"
             "    l = np.linspace(0, 1, 100)\n    d = x * 2\n    t = x.T\n    k = np.ones_like(x)\n"
             "    s = np.zeros(shape)\n    e = x + x\n    q = np.random.rand(n, 4)\n"
             "    col = np.ones((N, 1))\n    row = np.ones(3)\n    b = col + row\n    c = z + np.ones(N)\n"
             "    bad = x + np.ones(4)\n    u = np.sqrt(x)\n    w = np.add(x, row)\n");
  using Dims = std::vector<int64_t>;
  EXPECT_EQ(a.facts("x").shape, Dims({1000, 3}));
  EXPECT_FALSE(a.facts("y").shape);  // `n` may be a tuple
  EXPECT_EQ(a.facts("z").shape, Dims({-1, 1000}));
  EXPECT_EQ(a.facts("r").shape, Dims({-1}));
  EXPECT_EQ(a.facts("l").shape, Dims({100}));
  EXPECT_EQ(a.facts("d").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("t").shape, Dims({3, 1000}));  // a transpose reverses the shape
  EXPECT_EQ(a.facts("k").shape, Dims({1000, 3}));
  EXPECT_FALSE(a.facts("s").shape);
  EXPECT_EQ(a.facts("e").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("q").shape, Dims({-1, 4}));
  EXPECT_EQ(a.facts("b").shape, Dims({1000, 3}));  // broadcasting
  EXPECT_EQ(a.facts("b").elements, 3000u);
  EXPECT_EQ(a.facts("c").shape, Dims({-1, 1000}));
  EXPECT_FALSE(a.facts("bad").shape);  // (1000, 3) and (4,) do not broadcast
  EXPECT_EQ(a.facts("u").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("w").shape, Dims({1000, 3}));
}

TEST(ValueFacts, AViewAsAnotherDtypeHasThatDtypeAndTheSameBytes) {
  Analyzed a("import numpy as np\nN = 1000\ndef f():\n"
             "    x = np.zeros((N, 4))\n    same = x.view()\n    ints = x.view(np.int64)\n"
             "    halves = x.view(dtype=np.float32)\n    one = np.zeros(8, dtype=np.int8).view(np.float64)\n"
             "    other = x.view(np.matrix)\n");
  using Dims = std::vector<int64_t>;
  EXPECT_EQ(a.facts("same").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("same").shape, Dims({1000, 4}));
  EXPECT_EQ(a.facts("ints").dtype, Dtype::Int64);
  EXPECT_EQ(a.facts("ints").shape, Dims({1000, 4}));
  EXPECT_EQ(a.facts("halves").dtype, Dtype::Float32);
  EXPECT_EQ(a.facts("halves").shape, Dims({1000, 8}));  // the last extent takes the new width
  EXPECT_EQ(a.facts("one").shape, Dims({1}));
  EXPECT_EQ(a.facts("other").dtype, Dtype::Unknown);  // a type, not a dtype: not read (yet)
  EXPECT_TRUE(a.facts("ints").is_view);
}

TEST(ValueFacts, FlattenCumsumAndSortWithoutAnAxisAreOneDimensional) {
  Analyzed a("import numpy as np\nimport torch\nN = 1000\ndef f(n, k, t):\n"
             "    x = np.zeros((N, 3))\n    flat = x.flatten()\n    run = x.cumsum()\n"
             "    none = x.cumsum(axis=None)\n    down = x.cumsum(axis=0)\n    pos = x.cumsum(k)\n"
             "    y = np.zeros((n, 3))\n    unknown = y.cumsum()\n    last = unknown[-1]\n"
             "    tensor = torch.zeros(N, 3).cumsum(0)\n"
             "    f_run = np.cumsum(x)\n    f_down = np.cumsum(x, axis=0)\n    f_sorted = np.sort(x)\n"
             "    f_flat_sorted = np.sort(x, axis=None)\n    f_copy = np.copy(x)\n    f_last = np.cumsum(y)[-1]\n");
  using Dims = std::vector<int64_t>;
  EXPECT_EQ(a.facts("flat").shape, Dims({3000}));
  EXPECT_EQ(a.facts("run").shape, Dims({3000}));
  EXPECT_EQ(a.facts("none").shape, Dims({3000}));
  EXPECT_EQ(a.facts("down").shape, Dims({1000, 3}));  // along an axis the shape stays
  EXPECT_EQ(a.facts("pos").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("unknown").shape, Dims({-1}));
  EXPECT_EQ(a.facts("last").kind, ValueKind::Scalar);  // one item of a 1-d array
  EXPECT_NE(a.facts("tensor").shape, std::optional<Dims>(Dims({3000})));
  // The functions as the methods.
  EXPECT_EQ(a.facts("f_run").shape, Dims({3000}));
  EXPECT_EQ(a.facts("f_down").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("f_sorted").shape, Dims({1000, 3}));  // along the last axis
  EXPECT_EQ(a.facts("f_flat_sorted").shape, Dims({3000}));
  EXPECT_EQ(a.facts("f_copy").shape, Dims({1000, 3}));
  EXPECT_EQ(a.facts("f_last").kind, ValueKind::Scalar);
}

TEST(ValueFacts, ExtentsOfKnownArraysAreConstants) {
  Analyzed a("import numpy as np\nN = 1000\ndef f(flag):\n"
             "    x = np.zeros((N, 3))\n    rows = x.shape[0]\n    last = x.shape[-1]\n    size = x.size\n"
             "    n = len(x)\n    dims = x.ndim\n    copy = np.ones(x.shape)\n    out = x.shape[2]\n"
             "    r = np.zeros(4)\n    r.resize(N)\n    grown = len(r)\n"
             "    s = np.zeros((4, 2))\n    s.shape = (2, 4)\n    reshaped = s.shape[0]\n"
             "    b = np.zeros(3)\n    if flag:\n        b = np.zeros(N)\n    either = b.size\n"
             "    seq = np.zeros(5)\n    seq_len = len(seq)\n    seq = np.zeros(N)\n"
             "    unknown = np.zeros(flag)\n    u = unknown.shape[0]\n");
  const SemanticModel& m = a.fa->model;
  EXPECT_EQ(a.constant("rows"), 1000);
  EXPECT_EQ(a.constant("last"), 3);
  EXPECT_EQ(a.constant("size"), 3000);
  EXPECT_EQ(a.constant("n"), 1000);
  EXPECT_EQ(a.constant("dims"), 2);
  EXPECT_EQ(a.facts("copy").elements, 3000u);
  EXPECT_EQ(a.facts("copy").shape, std::vector<int64_t>({1000, 3}));
  EXPECT_FALSE(a.constant("out"));       // no third extent
  EXPECT_FALSE(a.constant("grown"));     // resized in place
  EXPECT_FALSE(a.constant("reshaped"));  // given a new shape in place
  EXPECT_FALSE(a.constant("either"));    // two bindings may reach the read
  EXPECT_EQ(a.constant("seq_len"), 5);   // the binding just before the read
  EXPECT_FALSE(a.constant("u"));
  // Without a value analysis, the model knows no array's shape.
  a.values.reset();
  EXPECT_FALSE(a.constant("rows"));
  EXPECT_EQ(m.array_shapes(), nullptr);
}


TEST(ValueFacts, ListLengthsHoldUntilSomethingMayChangeThem) {
  Analyzed a("def f(fill, items):\n"
             "    p = [1, 2, 3]\n    before = len(p)\n    fill(p)\n    p.append(4)\n"
             "    q = [1, 2]\n    fill(q)\n    after_call = len(q)\n"
             "    r = [1, 2]\n    alias = r\n    alias.append(3)\n    after_alias = len(r)\n"
             "    s = [1, 2]\n    for item in items:\n        in_loop = len(s)\n        s.append(item)\n"
             "    t = [1, 2]\n    t_len = len(t)\n    t = fill(t)\n"
             "    def g():\n        inner = len(p)\n        return inner\n    return g\n");
  EXPECT_EQ(a.constant("before"), 3);     // the changes come after the read
  EXPECT_EQ(a.constant("t_len"), 2);      // the name is bound again after the read
  EXPECT_FALSE(a.constant("after_call"));  // a callee may have changed it
  EXPECT_FALSE(a.constant("after_alias"));  // another name changed it
  EXPECT_FALSE(a.constant("in_loop"));     // the next iteration sees the appended list
  EXPECT_FALSE(a.constant("inner"));       // a nested function runs whenever it is called
}

TEST(ValueFacts, BoundsFromDictsWrittenOutAndExtremesOfNumbers) {
  Analyzed a("import numpy as np\n"
             "def f(other):\n    cases = {50: {'fd': 4}, 500: {'fd': 8}}\n"
             "    for n, expected in cases.items():\n        a = np.zeros(n)\n"
             "    for k in cases:\n        b = np.zeros(k)\n"
             "    sizes = {'small': 3, 'large': 30}\n    for v in sizes.values():\n        c = np.zeros(v)\n"
             "    grown = {1: 2}\n    grown.update(other)\n    for g in grown:\n        d = np.zeros(g)\n"
             "    sigmas = [5.0, 3.0, 50.0]\n    top = max(sigmas)\n    low = min(2.5, 7)\n"
             "    for s in SIZES:\n        e = np.zeros(s)\n    for t in [64, 77, 100, 4096][:3]:\n        h = np.zeros(t)\n"
             "    for u in GROWN:\n        i = np.zeros(u)\n"
             "    for shape in [(4, 6), (6, 8), (8,)]:\n        j = np.zeros(shape)\n"
             "    for empty in [(0,), (3, 0)]:\n        k = np.zeros(empty)\n"
             "    for odd in [(4, 6), other]:\n        m = np.zeros(odd)\n"
             "SIZES = [2**13, 2011]\nGROWN = [1, 2]\nGROWN.append(10**9)\n");
  EXPECT_EQ(a.facts("a").elements, 500u);
  EXPECT_EQ(a.facts("b").elements, 500u);
  EXPECT_EQ(a.facts("c").elements, 30u);
  EXPECT_FALSE(a.facts("d").elements);  // update() may add any key
  EXPECT_EQ(a.facts("e").elements, 8192u);  // a module-level list nothing changes
  EXPECT_EQ(a.facts("h").elements, 4096u);  // a slice: at most the largest item
  EXPECT_FALSE(a.facts("i").elements);  // appended to at module level
  EXPECT_EQ(a.facts("j").elements, 48u);  // the largest of the shapes a loop variable takes
  EXPECT_EQ(a.facts("k").elements, 0u);   // every shape has a zero extent
  EXPECT_FALSE(a.facts("m").elements);    // one of the shapes is not written out
  const SemanticModel& m = a.fa->model;
  auto number = [&](std::string_view name) {
    const Binding& b = m.bindings()[a.binding(name)];
    return m.constant_number(b.value, b.scope);
  };
  EXPECT_EQ(number("top"), 50.0);
  EXPECT_EQ(number("low"), 2.5);
}

TEST(ValueFacts, ShapesThroughViewsProductsStacksAndConditions) {
  Analyzed a("import numpy as np\nfrom pandas.core.indexes.datetimes import date_range\n"
             "def f(flag, k, dt):\n    m = np.zeros((10, 4))\n    v = np.ones(4)\n"
             "    col = m[:, 0]\n    head = m[:k]\n    lifted = v[:, None]\n    dots = m[..., 0]\n"
             "    mv = m @ v\n    mm = m @ np.ones((4, 6))\n    wide = np.hstack((m, np.zeros((10, 2))))\n"
             "    either = np.zeros(50) if flag else np.zeros(10)\n    shape = (4, 3)\n"
             "    count = np.prod(shape)\n    cells = np.prod(m.shape)\n"
             "    days = date_range('2000-01-01', periods=7)\n    n_days = len(days)\n");
  EXPECT_EQ(a.facts("col").shape, std::vector<int64_t>({10}));
  EXPECT_TRUE(a.facts("col").is_view);
  EXPECT_EQ(a.facts("head").shape, std::vector<int64_t>({-1, 4}));  // at most 10 rows
  EXPECT_EQ(a.facts("head").elements, 40u);
  EXPECT_EQ(a.facts("lifted").shape, std::vector<int64_t>({4, 1}));
  EXPECT_FALSE(a.facts("dots").shape);  // an Ellipsis: not followed
  EXPECT_EQ(a.facts("mv").shape, std::vector<int64_t>({10}));
  EXPECT_EQ(a.facts("mm").shape, std::vector<int64_t>({10, 6}));
  EXPECT_EQ(a.facts("wide").elements, 60u);
  EXPECT_EQ(a.facts("either").elements, 50u);
  EXPECT_EQ(a.constant("count"), 12);
  EXPECT_EQ(a.constant("cells"), 40);
  EXPECT_EQ(a.constant("n_days"), 7);
}

TEST(ValueFacts, ShapesOfReshapesTransposesAndConstantSlices) {
  Analyzed a("import numpy as np\ndef f(k):\n    a = np.zeros(64)\n    x = np.arange(-5, 6).reshape(-1, 1)\n"
             "    part = a[1:-7]\n    back = a[::-3]\n    tail = a[60:100]\n    none = a[10:5]\n    open_end = a[k:]\n"
             "    one = a[::2**62]\n    last = a[::-(2**62)]\n"
             "    grid = a.reshape((8, 8))\n    flat = grid.T.ravel()\n    wide = np.zeros((2, 5)).T\n"
             "    bad = a.reshape(7, 9)\n    theta = np.array([[(1 + 1) / 12, 2.0], [1.0, 2.0]])\n"
             "    specials = np.array([np.inf, -np.inf, np.nan, 0.0])\n    names = np.array([k, 1.0])\n");
  EXPECT_EQ(a.facts("x").shape, std::vector<int64_t>({11, 1}));
  EXPECT_EQ(a.facts("part").shape, std::vector<int64_t>({56}));
  EXPECT_EQ(a.facts("back").shape, std::vector<int64_t>({22}));  // 63, 60, ..., 0
  EXPECT_EQ(a.facts("tail").shape, std::vector<int64_t>({4}));
  EXPECT_EQ(a.facts("none").shape, std::vector<int64_t>({0}));
  EXPECT_EQ(a.facts("open_end").shape, std::vector<int64_t>({-1}));
  EXPECT_EQ(a.facts("one").shape, std::vector<int64_t>({1}));  // a step beyond the extent: one item
  EXPECT_EQ(a.facts("last").shape, std::vector<int64_t>({1}));
  EXPECT_EQ(a.facts("grid").shape, std::vector<int64_t>({8, 8}));
  EXPECT_EQ(a.facts("flat").shape, std::vector<int64_t>({64}));
  EXPECT_EQ(a.facts("wide").shape, std::vector<int64_t>({5, 2}));
  EXPECT_FALSE(a.facts("bad").shape);  // 63 elements cannot hold 64
  EXPECT_EQ(a.facts("theta").shape, std::vector<int64_t>({2, 2}));  // numbers written as expressions
  EXPECT_EQ(a.facts("specials").shape, std::vector<int64_t>({4}));
  EXPECT_FALSE(a.facts("names").shape);  // `k` may be a sequence
}

TEST(ValueFacts, PointerSizedIntegersAndQuotientSteps) {
  Analyzed a("import numpy as np\nfs = 100.\n"
             "def f(n):\n    idx = np.zeros(n, dtype=np.intp)\n    named = np.zeros(n, dtype='intp')\n"
             "    t = np.arange(0, n, 1 / fs)\n    u = np.arange(0, n, 1 / n)\n");
  EXPECT_EQ(a.facts("idx").dtype, Dtype::Int64);
  EXPECT_EQ(a.facts("named").dtype, Dtype::Int64);
  EXPECT_EQ(a.facts("t").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("u").dtype, Dtype::Unknown);  // `n` may be a numpy float32
}

TEST(ValueFacts, IntegerConversionsAndSquareRootsOfConstants) {
  Analyzed a("import math\nimport numpy as np\n"
             "half = int(7 / 2)\nneg = int(-7 / 2)\nm = np.int_(1000 / 20)\nu = np.uint64(2)\n"
             "wrapped = np.int8(300)\nunsigned = np.uint8(-1)\nhuge = int(1e300)\n"
             "root = np.sqrt(2) / 2\nbad_root = math.sqrt(-1)\n");
  EXPECT_EQ(a.constant("half"), 3);
  EXPECT_EQ(a.constant("neg"), -3);  // toward zero, as int() does
  EXPECT_EQ(a.constant("m"), 50);
  EXPECT_EQ(a.constant("u"), 2);
  EXPECT_FALSE(a.constant("wrapped"));
  EXPECT_FALSE(a.constant("unsigned"));
  EXPECT_FALSE(a.constant("huge"));
  const Binding& root = a.fa->model.bindings()[a.binding("root")];
  EXPECT_NEAR(a.fa->model.constant_number(root.value, root.scope).value_or(0), 0.7071, 1e-4);
  const Binding& bad = a.fa->model.bindings()[a.binding("bad_root")];
  EXPECT_FALSE(a.fa->model.constant_number(bad.value, bad.scope));
}

TEST(ValueFacts, NamesUnpackedFromShapesAndTuplesAreConstants) {
  Analyzed a("import numpy as np\ncenters = np.array([[0.0, 5.0, 0.0], [1.0, 1.0, 4.0]])\n"
             "n_clusters, n_features = centers.shape\nrows, (cols, depth) = 3, (4, 5)\n"
             "first, *rest = 1, 2, 3\nh, w = 6, 7\nh = 8\n"
             "def f(pair):\n    x, y = pair\n    k = n_clusters\n    m = n_features\n    r = rows\n"
             "    s = first\n    t = w\n    u = h\n    v = x\n");
  EXPECT_EQ(a.constant("k"), 2);
  EXPECT_EQ(a.constant("m"), 3);
  EXPECT_EQ(a.constant("t"), 7);
  EXPECT_FALSE(a.constant("r"));  // a nested target: not a flat tuple
  EXPECT_FALSE(a.constant("s"));  // a starred target
  EXPECT_FALSE(a.constant("u"));  // bound twice at module level: the function may see either
  EXPECT_FALSE(a.constant("v"));  // unpacked from an unknown value
}
TEST(ValueFacts, LocalFunctionsThatHandBackAnArgument) {
  Analyzed a("import numpy as np\n"
             "def same(w, flag):\n    if flag:\n        return w[:-1]\n    return w\n"
             "def keyword(*, w):\n    return w\n"
             "def nothing(w):\n    w[0] = 1\n"
             "def rebound(w):\n    w = np.cos(w)\n    return w\n"
             "def masked(w):\n    return w[w > 0]\n"
             "def gen(w):\n    yield w\n"
             "def either(a, b):\n    return a if a is not None else b\n"
             "@deco\ndef decorated(w):\n    return w\n"
             "def f(n, rest):\n    big = np.zeros((n, 3))\n    s = same(big, True)\n    t = same(flag=False, w=big)\n"
             "    k = keyword(w=big)\n    z = nothing(big)\n    r = rebound(big)\n    m = masked(big)\n"
             "    g = gen(big)\n    e = either(big, big)\n    d = decorated(big)\n    u = same(*rest)\n");
  int32_t big = static_cast<int32_t>(a.binding("big"));
  for (std::string_view name : {"s", "t", "k"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(a.facts(name).is_view);
    EXPECT_EQ(a.facts(name).view_base, big);
    EXPECT_EQ(a.facts(name).kind, ValueKind::NDArray);
    EXPECT_FALSE(a.facts(name).fresh);
    EXPECT_TRUE(a.facts(name).large);  // as large as what it shows: a copy of it is large
  }
  EXPECT_FALSE(a.facts("s").shape);        // maybe a slice
  EXPECT_TRUE(a.facts("k").shape);         // always the argument itself
  EXPECT_EQ(a.facts("z").kind, ValueKind::Unknown);  // None
  EXPECT_FALSE(a.facts("z").large);
  // Anything else is an unknown function computed from a large value.
  for (std::string_view name : {"r", "m", "g", "e", "d"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(a.facts(name).is_view);
    EXPECT_TRUE(a.facts(name).large);
  }
  EXPECT_FALSE(a.facts("u").is_view);  // unpacked arguments: which one is `w`?
}


TEST(ValueFacts, ElementsProductsOfVectorsAndScalarFunctionsAreScalars) {
  Analyzed a("import numpy as np\nfrom scipy.linalg import norm\n"
             "def peak(g, mask):\n    if mask is None:\n        return None\n    return np.max(g * mask)\n"
             "def halves(g):\n    return g / 2\n"
             "def counted(g):\n    return peak(g, g) + len(g)\n"
             "def loop(g):\n    return loop(g)\n"
             "def f(n, cs, j):\n    v = np.random.rand(n)\n    m = np.zeros((n, n))\n"
             "    e = v[-1] + 1\n    e2 = v[len(v) - 1]\n    row = m[0]\n    cell = m[0, -1]\n    fancy = v[j]\n"
             "    d = np.dot(v, v)\n    d2 = v @ v\n    mv = np.dot(m, v)\n    mm = m @ v\n"
             "    nv = norm(v)\n    nm = norm(m, axis=0)\n"
             "    p = peak(m, m)\n    h = halves(m)\n    c = counted(m)\n    r = loop(m)\n"
             "    for i in range(n - 1):\n        s = cs * v[i] + v[i + 1]\n");
  for (std::string_view name : {"e", "e2", "cell", "d", "d2", "nv", "p", "c", "s"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(a.facts(name).kind, name == "s" ? ValueKind::Unknown : ValueKind::Scalar);  // `cs` may be anything
    EXPECT_FALSE(a.facts(name).large);
  }
  // A row is a view; a fancy index, a matrix product and a norm along an axis are arrays; a
  // function that may return an array, or one that never returns, is unknown.
  EXPECT_EQ(a.facts("row").kind, ValueKind::NDArray);
  EXPECT_TRUE(a.facts("row").is_view);
  for (std::string_view name : {"fancy", "mv", "mm", "nm", "h", "r"}) {
    SCOPED_TRACE(name);
    EXPECT_NE(a.facts(name).kind, ValueKind::Scalar);
    EXPECT_TRUE(a.facts(name).large);
  }
}
TEST(ValueFacts, LineContinuationsAreNotArguments) {
  // The grammar names `\` before a line break like an expression: it is no argument and no item.
  Analyzed a("import numpy as np\ndef f(n):\n    x = np.full(n, \\\n        0.5)\n"
             "    items = [1, \\\n        2]\n    y = np.zeros(len(items))\n");
  EXPECT_EQ(a.facts("x").dtype, Dtype::Float64);
  EXPECT_EQ(a.facts("y").elements, 2u);
  // Nor are they dimensions in a rule's advice: `rand(N, \\\n N)` draws an N by N array.
  std::string text = "import numpy as np\nN = 10000\nx = np.random.rand(N, \\\n    N)\n";
  Settings settings;
  settings.enabled = default_rules();
  Parser parser;
  LintResult r = lint(text, "\n", settings, parser);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].estimated_bytes, 800'000'000u);
  ASSERT_TRUE(r.diagnostics[0].fix);
  EXPECT_NE(r.diagnostics[0].fix->title.find("random((N, N), dtype=np.float32)"), std::string::npos)
      << r.diagnostics[0].fix->title;
}

TEST(Producers, UfuncsAndConcatenationsAreMarked) {
  ASSERT_NE(find_producer("numpy.add"), nullptr);
  EXPECT_EQ(find_producer("numpy.add")->ufunc, Ufunc::Binary);
  EXPECT_EQ(find_producer("numpy.true_divide")->op, "/");
  EXPECT_EQ(find_producer("numpy.sqrt")->ufunc, Ufunc::UnaryFloat);
  EXPECT_EQ(find_producer("numpy.absolute")->ufunc, Ufunc::UnaryAbs);
  EXPECT_EQ(find_producer("numpy.zeros")->ufunc, Ufunc::None);
  EXPECT_EQ(find_producer("numpy.concatenate")->concat, Concat::Sequence);
  EXPECT_EQ(find_producer("pandas.concat")->concat, Concat::Sequence);
  EXPECT_EQ(find_producer("torch.cat")->concat, Concat::Sequence);
  EXPECT_EQ(find_producer("numpy.append")->concat, Concat::Append);
  EXPECT_EQ(find_producer("numpy.stack")->concat, Concat::None);  // stacking adds a dimension each time
}

// The uses of `x = np.load(p)` in a function body followed by `body` (4-space indented lines).
std::vector<ArrayUseSite> load_uses(const std::string& body) {
  Analyzed a("import numpy as np\nimport math\ndef f(p, y, a, b, lst):\n    x = np.load(p)\n" + body);
  const Binding& x = a.fa->model.bindings()[a.fa->model.bindings_of("x", 1).front()];
  return a.values->array_uses(x.value, x.scope);
}

ArrayUse worst(const std::vector<ArrayUseSite>& sites) {
  ArrayUse w = ArrayUse::Read;
  for (const auto& s : sites)
    if (static_cast<int>(s.use) > static_cast<int>(w)) w = s.use;
  return w;
}

TEST(ArrayUses, ReadsThroughViewsAliasesAndLoops) {
  auto sites = load_uses(
      "    print(x.shape, x.dtype, x[0], x[1:3].sum(), len(x), np.mean(x), x + 1, -x, x > 0)\n"
      "    v = x[:, 0]\n    w = v.T.reshape(-1)\n    total = np.add(w, 1) + math.fsum(w)\n"
      "    for row in x:\n        print(row.max())\n    m = [r.sum() for r in x]\n"
      "    c = np.concatenate([x, y])\n    z = np.asarray(x)\n    print(z[0], f'{x}', x.copy().sort())\n"
      "    del x\n");
  EXPECT_EQ(worst(sites), ArrayUse::Read);
  for (const auto& s : sites) EXPECT_EQ(s.use, ArrayUse::Read) << s.why;
  EXPECT_GE(sites.size(), 15u);
}

TEST(ArrayUses, WritesAreFoundThroughEveryPath) {
  const char* writes[] = {
      "    x[0] = 1\n",
      "    x[1:3] += 1\n",
      "    x += 1\n",
      "    x.sort()\n",
      "    x.fill(0)\n",
      "    np.add(a, b, out=x)\n",
      "    np.sqrt(a, x)\n",
      "    np.multiply(a, b, x)\n",
      "    np.copyto(x, a)\n",
      "    np.add.at(x, [0], 1)\n",
      "    np.random.shuffle(x)\n",
      "    v = x[1:]\n    v[0] = 1\n",
      "    for row in x:\n        row[0] = 1\n",
      "    t = x.T\n    t.fill(0)\n",
      "    np.asarray(x)[0] = 1\n",
      "    x.reshape(-1)[0] = 1\n",
      "    a = b = x\n    b[0] = 1\n",
      "    x.clip(0, 1, out=x)\n",
      "    x.flat[3] = 0\n",
      "    np.nan_to_num(x, copy=False)\n",
      "    x[0], y = 1, 2\n",
      "    np.ndarray.sort(x)\n",
      "    np.modf(a, x)\n",
      "    top = max(x)\n    top[0] = 1\n",
  };
  for (const char* body : writes) EXPECT_EQ(worst(load_uses(body)), ArrayUse::Write) << body;
}

TEST(ArrayUses, EscapesAndTypeExposure) {
  const char* escapes[] = {
      "    return x\n",
      "    lst.append(x)\n",
      "    unknown(x)\n",
      "    g = lambda: x[0]\n",
      "    d = {'k': x}\n",
      "    self_attr = y\n    y.data = x\n",
      "    x = x[::2]\n",
      "    it = list(x)\n",
      "    print(x.flags)\n",
      "    np.where(a, b, x)\n",
      "    q = x or y\n",
      "    a, b = x\n",
      "    yield x\n",
  };
  for (const char* body : escapes) EXPECT_EQ(worst(load_uses(body)), ArrayUse::Escape) << body;
  EXPECT_EQ(worst(load_uses("    print(repr(x))\n")), ArrayUse::TypeVisible);
  EXPECT_EQ(worst(load_uses("    print(f'{x!r}')\n")), ArrayUse::TypeVisible);
  EXPECT_EQ(worst(load_uses("    print('%r' % x)\n")), ArrayUse::TypeVisible);
}

TEST(ArrayUses, ModuleLevelLoopsAndRebindingAreNotTrusted) {
  // Module-level: another module may import and write it.
  {
    Analyzed a("import numpy as np\nx = np.load(p)\nprint(x[0])\n");
    const Binding& x = a.fa->model.bindings()[a.binding("x")];
    EXPECT_EQ(worst(a.values->array_uses(x.value, x.scope)), ArrayUse::Escape);
  }
  // A write textually before the binding runs after it on the next iteration.
  EXPECT_EQ(worst(load_uses("")), ArrayUse::Read);
  {
    Analyzed a("import numpy as np\ndef f(ps):\n    for p in ps:\n        if p:\n            x[0] = 1\n"
               "        x = np.load(p)\n");
    const Binding& x = a.fa->model.bindings()[a.fa->model.bindings_of("x", 1).front()];
    EXPECT_EQ(worst(a.values->array_uses(x.value, x.scope)), ArrayUse::Escape);
  }
  // A rebinding hides nothing: its reads are still classified.
  EXPECT_EQ(worst(load_uses("    x[0] = 1\n    x = None\n")), ArrayUse::Write);
}

// Array with array: numpy's promotion table, the same in every version (printed by NumPy 1.24's
// np.result_type(np.dtype(a), np.dtype(b)) for each pair of the 14 dtypes below: the rows are
// tests/print_promotion_table.py's).
TEST(Promote, Arrays) {
  using D = Dtype;
  constexpr size_t kDtypes = 14;
  const Dtype order[kDtypes] = {D::Float64, D::Float32, D::Float16, D::Int64, D::Int32, D::Int16,      D::Int8,
                                D::Uint64,  D::Uint32,  D::Uint16,  D::Uint8, D::Bool,  D::Complex128, D::Complex64};
  const struct {
    Dtype a;
    Dtype with[kDtypes];
  } table[] = {
      {D::Float64, {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Complex128, D::Complex128}},
      {D::Float32, {D::Float64, D::Float32, D::Float32, D::Float64, D::Float64, D::Float32, D::Float32, D::Float64,
        D::Float64, D::Float32, D::Float32, D::Float32, D::Complex128, D::Complex64}},
      {D::Float16, {D::Float64, D::Float32, D::Float16, D::Float64, D::Float64, D::Float32, D::Float16, D::Float64,
        D::Float64, D::Float32, D::Float16, D::Float16, D::Complex128, D::Complex64}},
      {D::Int64, {D::Float64, D::Float64, D::Float64, D::Int64, D::Int64, D::Int64, D::Int64, D::Float64, D::Int64,
        D::Int64, D::Int64, D::Int64, D::Complex128, D::Complex128}},
      {D::Int32, {D::Float64, D::Float64, D::Float64, D::Int64, D::Int32, D::Int32, D::Int32, D::Float64, D::Int64,
        D::Int32, D::Int32, D::Int32, D::Complex128, D::Complex128}},
      {D::Int16, {D::Float64, D::Float32, D::Float32, D::Int64, D::Int32, D::Int16, D::Int16, D::Float64, D::Int64,
        D::Int32, D::Int16, D::Int16, D::Complex128, D::Complex64}},
      {D::Int8, {D::Float64, D::Float32, D::Float16, D::Int64, D::Int32, D::Int16, D::Int8, D::Float64, D::Int64,
        D::Int32, D::Int16, D::Int8, D::Complex128, D::Complex64}},
      {D::Uint64, {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Uint64,
        D::Uint64, D::Uint64, D::Uint64, D::Uint64, D::Complex128, D::Complex128}},
      {D::Uint32, {D::Float64, D::Float64, D::Float64, D::Int64, D::Int64, D::Int64, D::Int64, D::Uint64, D::Uint32,
        D::Uint32, D::Uint32, D::Uint32, D::Complex128, D::Complex128}},
      {D::Uint16, {D::Float64, D::Float32, D::Float32, D::Int64, D::Int32, D::Int32, D::Int32, D::Uint64, D::Uint32,
        D::Uint16, D::Uint16, D::Uint16, D::Complex128, D::Complex64}},
      {D::Uint8, {D::Float64, D::Float32, D::Float16, D::Int64, D::Int32, D::Int16, D::Int16, D::Uint64, D::Uint32,
        D::Uint16, D::Uint8, D::Uint8, D::Complex128, D::Complex64}},
      {D::Bool, {D::Float64, D::Float32, D::Float16, D::Int64, D::Int32, D::Int16, D::Int8, D::Uint64, D::Uint32,
        D::Uint16, D::Uint8, D::Bool, D::Complex128, D::Complex64}},
      {D::Complex128, {D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128}},
      {D::Complex64, {D::Complex128, D::Complex64, D::Complex64, D::Complex128, D::Complex128, D::Complex64,
        D::Complex64, D::Complex128, D::Complex128, D::Complex64, D::Complex64, D::Complex64, D::Complex128,
        D::Complex64}},
  };
  for (const auto& row : table)
    for (size_t k = 0; k < kDtypes; ++k)
      EXPECT_EQ(promote(row.a, order[k], "+"), row.with[k]) << dtype_name(row.a) << " + " << dtype_name(order[k]);
  EXPECT_EQ(promote(D::Int8, D::Int8, "/"), D::Float64);
  EXPECT_EQ(promote(D::Bool, D::Bool, "/"), D::Float64);
  EXPECT_EQ(promote(D::Float16, D::Int8, "/"), D::Float16);
  // True division of any two ints or bools is float64; with a float or complex it promotes as `+`.
  EXPECT_EQ(promote(D::Uint64, D::Int8, "/"), D::Float64);
  EXPECT_EQ(promote(D::Uint16, D::Uint16, "/"), D::Float64);
  EXPECT_EQ(promote(D::Float16, D::Uint8, "/"), D::Float16);
  EXPECT_EQ(promote(D::Complex64, D::Uint16, "/"), D::Complex64);
  EXPECT_EQ(promote(D::Complex64, D::Int32, "/"), D::Complex128);
  EXPECT_EQ(promote(D::Float32, D::Unknown, "+"), D::Unknown);
  EXPECT_EQ(promote(D::Object, D::Float64, "+"), D::Unknown);
}

// Array with a Python number of known value: each expected dtype is the one NumPy 1.24 gives
// (value-based casting) when NEP 50's answer (the array's dtype for a number of its kind or lower,
// else the number's default type) is the same; Unknown where they differ. (An int array divided
// by an int is float64 in both whenever NumPy 2 does not raise OverflowError.) The rows are
// tests/print_promotion_table.py's.
TEST(Promote, PythonNumbers) {
  using D = Dtype;
  constexpr size_t kNumbers = 17;
  const PythonNumber numbers[kNumbers] = {
      {PythonNumber::Int, 0, 0}, {PythonNumber::Int, -1, 0}, {PythonNumber::Int, 127, 0},
      {PythonNumber::Int, 128, 0}, {PythonNumber::Int, 255, 0}, {PythonNumber::Int, 256, 0},
      {PythonNumber::Int, -129, 0}, {PythonNumber::Int, 65535, 0}, {PythonNumber::Int, 65536, 0},
      {PythonNumber::Int, -32768, 0}, {PythonNumber::Int, -32769, 0}, {PythonNumber::Int, int64_t{1} << 31, 0},
      {PythonNumber::Float, 0, 0.5}, {PythonNumber::Float, 0, -10000000000.0}, {PythonNumber::Float, 0, 70000.0},
      {PythonNumber::Float, 0, 1e+300}, {PythonNumber::Bool, 1, 0}};
  const struct {
    Dtype a;
    std::string_view op;
    Dtype with[kNumbers];
  } table[] = {
      {Dtype::Float64, "+", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Float64, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Float32, "+", {D::Float32, D::Float32, D::Float32, D::Float32, D::Float32, D::Float32, D::Float32,
        D::Float32, D::Unknown, D::Float32, D::Unknown, D::Unknown, D::Float32, D::Float32, D::Float32, D::Unknown,
        D::Float32}},
      {Dtype::Float32, "/", {D::Float32, D::Float32, D::Float32, D::Float32, D::Float32, D::Float32, D::Float32,
        D::Float32, D::Unknown, D::Float32, D::Unknown, D::Unknown, D::Float32, D::Float32, D::Float32, D::Unknown,
        D::Float32}},
      {Dtype::Float16, "+", {D::Float16, D::Float16, D::Float16, D::Float16, D::Float16, D::Unknown, D::Unknown,
        D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Float16, D::Unknown, D::Unknown, D::Unknown,
        D::Float16}},
      {Dtype::Float16, "/", {D::Float16, D::Float16, D::Float16, D::Float16, D::Float16, D::Unknown, D::Unknown,
        D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Float16, D::Unknown, D::Unknown, D::Unknown,
        D::Float16}},
      {Dtype::Int64, "+", {D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64,
        D::Int64, D::Int64, D::Int64, D::Float64, D::Float64, D::Float64, D::Float64, D::Int64}},
      {Dtype::Int64, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Int32, "+", {D::Int32, D::Int32, D::Int32, D::Int32, D::Int32, D::Int32, D::Int32, D::Int32, D::Int32,
        D::Int32, D::Int32, D::Unknown, D::Float64, D::Float64, D::Float64, D::Float64, D::Int32}},
      {Dtype::Int32, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Int16, "+", {D::Int16, D::Int16, D::Int16, D::Int16, D::Int16, D::Int16, D::Int16, D::Unknown,
        D::Unknown, D::Int16, D::Unknown, D::Unknown, D::Float64, D::Float64, D::Float64, D::Float64, D::Int16}},
      {Dtype::Int16, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Int8, "+", {D::Int8, D::Int8, D::Int8, D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Unknown,
        D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Float64, D::Float64, D::Float64, D::Float64, D::Int8}},
      {Dtype::Int8, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Uint8, "+", {D::Uint8, D::Unknown, D::Uint8, D::Uint8, D::Uint8, D::Unknown, D::Unknown, D::Unknown,
        D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Float64, D::Float64, D::Float64, D::Float64, D::Uint8}},
      {Dtype::Uint8, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Uint64, "+", {D::Uint64, D::Unknown, D::Uint64, D::Uint64, D::Uint64, D::Uint64, D::Unknown, D::Uint64,
        D::Uint64, D::Unknown, D::Unknown, D::Uint64, D::Float64, D::Float64, D::Float64, D::Float64, D::Uint64}},
      {Dtype::Uint64, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Uint32, "+", {D::Uint32, D::Unknown, D::Uint32, D::Uint32, D::Uint32, D::Uint32, D::Unknown, D::Uint32,
        D::Uint32, D::Unknown, D::Unknown, D::Uint32, D::Float64, D::Float64, D::Float64, D::Float64, D::Uint32}},
      {Dtype::Uint32, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Uint16, "+", {D::Uint16, D::Unknown, D::Uint16, D::Uint16, D::Uint16, D::Uint16, D::Unknown, D::Uint16,
        D::Unknown, D::Unknown, D::Unknown, D::Unknown, D::Float64, D::Float64, D::Float64, D::Float64, D::Uint16}},
      {Dtype::Uint16, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Complex64, "+", {D::Complex64, D::Complex64, D::Complex64, D::Complex64, D::Complex64, D::Complex64,
        D::Complex64, D::Complex64, D::Unknown, D::Complex64, D::Unknown, D::Unknown, D::Complex64, D::Complex64,
        D::Complex64, D::Unknown, D::Complex64}},
      {Dtype::Complex64, "/", {D::Complex64, D::Complex64, D::Complex64, D::Complex64, D::Complex64, D::Complex64,
        D::Complex64, D::Complex64, D::Unknown, D::Complex64, D::Unknown, D::Unknown, D::Complex64, D::Complex64,
        D::Complex64, D::Unknown, D::Complex64}},
      {Dtype::Bool, "+", {D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64, D::Int64,
        D::Int64, D::Int64, D::Int64, D::Float64, D::Float64, D::Float64, D::Float64, D::Bool}},
      {Dtype::Bool, "/", {D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64, D::Float64,
        D::Float64}},
      {Dtype::Complex128, "+", {D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128}},
      {Dtype::Complex128, "/", {D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128,
        D::Complex128, D::Complex128, D::Complex128, D::Complex128, D::Complex128}},
  };
  for (const auto& row : table)
    for (size_t k = 0; k < kNumbers; ++k)
      EXPECT_EQ(promote_number(row.a, row.op, numbers[k]), row.with[k])
          << dtype_name(row.a) << ' ' << row.op << " number " << k;
}

// numpy computes `//`, `%`, `**`, `<<` and `>>` of two bools in int8, and refuses `-` of two
// bools (numpy 1.24: `np.array([True]) // True` is int8, `np.array([True]) - True` a TypeError).
TEST(Promote, BoolArithmeticOtherThanAddAndMultiplyIsInt8) {
  using D = Dtype;
  PythonNumber yes;
  yes.kind = PythonNumber::Bool;
  yes.i = 1;
  for (const char* op : {"//", "%", "**", "<<", ">>"}) {
    EXPECT_EQ(promote(D::Bool, D::Bool, op), D::Int8) << op;
    EXPECT_EQ(promote_number(D::Bool, op, yes), D::Int8) << op;
    EXPECT_NE(promote_scalar(D::Bool, op, D::Bool), D::Bool) << op;
  }
  for (const char* op : {"+", "*", "&", "|", "^"}) {
    EXPECT_EQ(promote(D::Bool, D::Bool, op), D::Bool) << op;
    EXPECT_EQ(promote_number(D::Bool, op, yes), D::Bool) << op;
  }
  EXPECT_EQ(promote(D::Bool, D::Bool, "-"), D::Unknown);
  EXPECT_EQ(promote_number(D::Bool, "-", yes), D::Unknown);
  EXPECT_EQ(promote_number(D::Int8, "//", yes), D::Int8);  // an int array keeps its dtype
}

// Array with a number of unknown value that may be a Python number or a numpy scalar.
TEST(Promote, ScalarsOfUnknownValue) {
  using D = Dtype;
  EXPECT_EQ(promote_scalar(D::Float64, "*", D::Int64), D::Float64);
  EXPECT_EQ(promote_scalar(D::Float32, "*", D::Int64), D::Unknown);  // 1.x: by value; NEP 50: np.int64 is strong
  EXPECT_EQ(promote_scalar(D::Float32, "*", D::Float64), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Float32, "+", D::Float16), D::Float32);
  EXPECT_EQ(promote_scalar(D::Float16, "+", D::Float32), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Int32, "+", D::Float64), D::Float64);  // a higher kind: as arrays
  EXPECT_EQ(promote_scalar(D::Int32, "+", D::Int64), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Int64, "+", D::Int64), D::Int64);
  EXPECT_EQ(promote_scalar(D::Int8, "/", D::Int64), D::Float64);
  EXPECT_EQ(promote_scalar(D::Bool, "+", D::Int64), D::Int64);
  EXPECT_EQ(promote_scalar(D::Complex128, "*", D::Float64), D::Complex128);
  EXPECT_EQ(promote_scalar(D::Float32, "+", D::Unknown), D::Unknown);
  // Unsigned ints: 1.x gives uint16 for `u16 + 5` but int32 for `u16 + (-5)`; NEP 50 keeps uint16
  // for a Python int and gives int64 for np.int64.
  EXPECT_EQ(promote_scalar(D::Uint16, "+", D::Int64), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Uint64, "+", D::Int64), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Uint64, "+", D::Uint64), D::Uint64);
  EXPECT_EQ(promote_scalar(D::Uint8, "*", D::Float64), D::Float64);  // a higher kind: as arrays
  EXPECT_EQ(promote_scalar(D::Uint32, "/", D::Int64), D::Float64);
  EXPECT_EQ(promote_scalar(D::Float32, "+", D::Uint8), D::Float32);
  // complex64: a float of unknown value is complex64 or complex128 in 1.x (by its magnitude).
  EXPECT_EQ(promote_scalar(D::Complex64, "*", D::Float64), D::Unknown);
  EXPECT_EQ(promote_scalar(D::Complex64, "+", D::Float16), D::Complex64);
  EXPECT_EQ(promote_scalar(D::Complex64, "+", D::Complex128), D::Unknown);  // NEP 50: a Python complex is weak
}

}  // namespace
}  // namespace pml

namespace pml {
namespace {
TEST(Uses, ModuleFunctionsNamedLikeContainerMethodsRead) {
  Analyzed a("import numpy as np\nx = np.ones(n)\ny = np.add(x, 1.0)\nseen = set()\nz = [1]\nseen.add(z)\n");
  EXPECT_FALSE(a.escapes("x"));  // numpy.add is not set.add
  EXPECT_TRUE(a.escapes("z"));
}
}  // namespace
}  // namespace pml

namespace pml {
namespace {
TEST(ValueFacts, WrappersReferenceWithoutAllocating) {
  Analyzed a("import functools\nimport numpy as np\nbig = np.ones(n)\nscore = functools.partial(f, big)\n");
  EXPECT_TRUE(a.facts("big").large);
  EXPECT_FALSE(a.facts("score").large);
}
}  // namespace
}  // namespace pml

namespace pml {
namespace {
TEST(ValueFacts, ViewMethodsOfUnknownReceiversAllocateNothing) {
  Analyzed a("import pickle\nhist = pickle.load(f)\nshaped = hist.reshape(3, -1)\nsquare = hist.compute()\n");
  EXPECT_TRUE(a.facts("hist").large);
  EXPECT_FALSE(a.facts("shaped").large);
  EXPECT_TRUE(a.facts("square").large);
}
// may_be_large is the lifetime rules' cheap first question: it must never say no where of_binding
// says large, and it should say no to values that nothing large flows into.
TEST(MayBeLarge, SaysNoOnlyWhereNothingLargeFlowsIn) {
  Analyzed a(
      "import numpy as np\nimport functools\n"
      "def f(x, path, n):\n"
      "    count = len(x)\n"
      "    total = x.sum()\n"
      "    label = str(count) + 'rows'\n"
      "    small = np.array([1, 2, 3])\n"
      "    pairs = list(zip(x, x))\n"
      "    call = functools.partial(print, 1)\n"
      "    big = np.zeros(n)\n"
      "    derived = np.log(big)\n"
      "    via_name = helper(derived)\n"
      "    repeated = [0] * n\n"
      "    counted = [i for i in range(10_000_000)]\n"
      "    rng = np.random.default_rng(0)\n"
      "    drawn = rng.random(n)\n"
      "    spaced = np .zeros(n)\n"
      "    with open(path) as fh:\n"
      "        text = fh.read()\n"
      "    acc = np.ones(n)\n"
      "    acc += 1\n");
  for (const char* name : {"count", "total", "label", "small", "pairs", "call"}) {
    EXPECT_FALSE(a.values->may_be_large(a.binding(name))) << name;
    EXPECT_FALSE(a.facts(name).large) << name;
  }
  for (const char* name : {"big", "derived", "via_name", "repeated", "counted", "rng", "drawn", "spaced", "fh", "text",
                           "acc"})
    EXPECT_TRUE(a.values->may_be_large(a.binding(name))) << name;
  for (const char* name : {"big", "derived", "via_name", "counted", "drawn", "text", "acc"})
    EXPECT_TRUE(a.facts(name).large) << name;
}

TEST(MayBeLarge, FollowsNamesAcrossScopes) {
  // A class body's comprehension reads the class's names in its first iterable; a function reads
  // a module's names.
  Analyzed a(
      "import numpy as np\n"
      "class Holder:\n"
      "    data = np.zeros(10**8)\n"
      "    big = [x for x in data]\n"
      "    def method(self):\n"
      "        rows = [r for r in TABLE]\n"
      "        return rows\n"
      "TABLE = np.ones(10**8)\n");
  for (const char* name : {"data", "big", "rows", "TABLE"}) {
    EXPECT_TRUE(a.facts(name).large) << name;
    EXPECT_TRUE(a.values->may_be_large(a.binding(name))) << name;
  }
}

TEST(MayBeLarge, FollowsAttributeChainsAsTheModelDoes) {
  // The producer is named by the whole chain, through parentheses, comments and line breaks (no
  // `*` in these values: a multiplication alone makes a value a candidate).
  Analyzed a(
      "import numpy as np\n"
      "import numpy\n"
      "wrapped = (np).zeros(100_000_000)\n"
      "deep = numpy.random.rand(100_000_000)\n"
      "broken = (np\n"
      "    # a comment\n"
      "    .ones(100_000_000))\n"
      "norm = np.linalg.norm(x)\n");
  for (const char* name : {"wrapped", "deep", "broken"}) {
    EXPECT_TRUE(a.facts(name).large) << name;
    EXPECT_TRUE(a.values->may_be_large(a.binding(name))) << name;
  }
  EXPECT_FALSE(a.values->may_be_large(a.binding("norm")));
}

TEST(MayBeLarge, LiteralsCountAgainstTheThreshold) {
  // np.array of a literal is sized by the literal: large only past the threshold.
  Analyzed tiny_threshold("import numpy as np\nsmall = np.array([1.0, 2.0, 3.0])\n", /*min_bytes=*/8);
  EXPECT_TRUE(tiny_threshold.facts("small").large);
  EXPECT_TRUE(tiny_threshold.values->may_be_large(tiny_threshold.binding("small")));
  Analyzed usual("import numpy as np\nsmall = np.array([1.0, 2.0, 3.0])\n");
  EXPECT_FALSE(usual.values->may_be_large(usual.binding("small")));
}

// Every binding of every sample: where of_binding finds a large value, may_be_large must not
// have ruled it out.
TEST(MayBeLarge, NeverRulesOutALargeValueInTheSamples) {
  size_t files = 0, large = 0;
  for (const auto& path : testing::sample_files()) {
    std::string text = testing::read_text(path);
    Parser parser;
    auto fa = analyze(text, parser);
    if (fa->syntax_error) continue;
    ++files;
    for (uint64_t min_bytes : {uint64_t{1} << 20, uint64_t{1}}) {
      ValueAnalyzer values(fa->model, text, min_bytes);
      for (uint32_t b = 0; b < fa->model.bindings().size(); ++b) {
        if (!values.of_binding(b).large) continue;
        ++large;
        EXPECT_TRUE(values.may_be_large(b)) << path << ": " << fa->model.bindings()[b].name;
      }
    }
  }
  EXPECT_GT(files, 10u);
  EXPECT_GT(large, 100u);
}

}  // namespace
}  // namespace pml
