#include "analyzer/values.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "analyzer/semantic.h"

namespace pml {

namespace {

using DD = DefaultDtype;
using SF = SizeFrom;

// The producer table. Positions follow the libraries' signatures.
const Producer kProducers[] = {
    // numpy creation, float64 by default
    {"numpy.zeros", ValueKind::NDArray, DD::Float64, 1, true, SF::Shape, 0, "shape"},
    {"numpy.ones", ValueKind::NDArray, DD::Float64, 1, true, SF::Shape, 0, "shape"},
    {"numpy.empty", ValueKind::NDArray, DD::Float64, 1, true, SF::Shape, 0, "shape"},
    {"numpy.identity", ValueKind::NDArray, DD::Float64, 1, true, SF::Square, 0, "n"},
    {"numpy.eye", ValueKind::NDArray, DD::Float64, 3, true, SF::Eye, 0, "N"},
    {"numpy.full", ValueKind::NDArray, DD::FromFill, 2, true, SF::Shape, 0, "shape"},
    {"numpy.linspace", ValueKind::NDArray, DD::FromEndpoints, 5, true, SF::Num, 2, "num"},
    {"numpy.logspace", ValueKind::NDArray, DD::FromEndpoints, 5, true, SF::Num, 2, "num"},
    {"numpy.geomspace", ValueKind::NDArray, DD::FromEndpoints, 4, true, SF::Num, 2, "num"},
    {"numpy.arange", ValueKind::NDArray, DD::FromArguments, 3, true, SF::Arange, 0, ""},
    {"numpy.loadtxt", ValueKind::NDArray, DD::Float64, 1, true, SF::Text, 0, "fname"},
    {"numpy.genfromtxt", ValueKind::NDArray, DD::Float64, 1, true, SF::Text, 0, "fname"},
    // numpy's legacy random module: float64 always, no dtype parameter
    {"numpy.random.rand", ValueKind::NDArray, DD::Float64, -1, false, SF::Varargs, 0, ""},
    {"numpy.random.randn", ValueKind::NDArray, DD::Float64, -1, false, SF::Varargs, 0, ""},
    {"numpy.random.random", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 0, "size"},
    {"numpy.random.random_sample", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 0, "size"},
    {"numpy.random.sample", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 0, "size"},
    {"numpy.random.ranf", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 0, "size"},
    {"numpy.random.uniform", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 2, "size"},
    {"numpy.random.normal", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 2, "size"},
    {"numpy.random.standard_normal", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 0, "size"},
    // integer draws: shaped by `size` (one number without it); the dtype follows the arguments
    {"numpy.random.randint", ValueKind::NDArray, DD::FromInput, 3, true, SF::OptionalShape, 2, "size"},
    {"numpy.random.choice", ValueKind::NDArray, DD::FromInput, -1, false, SF::OptionalShape, 1, "size"},
    // numpy constructors whose dtype follows the input
    {"numpy.array", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "object"},
    {"numpy.asarray", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "a", true, true},
    {"numpy.asanyarray", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "a", true, true},
    {"numpy.fromiter", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.empty_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.zeros_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.ones_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.full_like", ValueKind::NDArray, DD::FromInput, 2, true, SF::Unknown, 0, ""},
    {"numpy.load", ValueKind::NDArray, DD::FromInput, -1, false, SF::Unknown, 0, "", true, false, 1},
    // fromfile reads raw bytes: its dtype is a format, not a choice of precision (FromInput).
    {"numpy.fromfile", ValueKind::NDArray, DD::FromInput, 1, true, SF::Count, 2, "count"},
    {"numpy.frombuffer", ValueKind::NDArray, DD::FromInput, 1, true, SF::Count, 2, "count", false, true},
    {"numpy.memmap", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, "", false, true},
    {"numpy.lib.format.open_memmap", ValueKind::NDArray, DD::FromInput, -1, true, SF::Unknown, 0, "", false, true},
    // a read-only view of its input: an array, but no new memory
    {"numpy.broadcast_to", ValueKind::NDArray, DD::FromInput, -1, false, SF::Unknown, 0, "", false, true},
    // numpy operations whose result is as large as their inputs
    {"numpy.concatenate", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::Sequence},
    {"numpy.vstack", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, -1,
     Concat::Sequence},
    {"numpy.hstack", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, -1,
     Concat::Sequence},
    {"numpy.dstack", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.column_stack", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.stack", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2},
    {"numpy.append", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, -1,
     Concat::Append},
    {"numpy.tile", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.repeat", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.copy", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.ascontiguousarray", ValueKind::NDArray, DD::FromInput, 1, true, SF::Arguments, 0, "", true, true},
    {"numpy.where", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.clip", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, 3},
    {"numpy.dot", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, 2},
    {"numpy.matmul", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2},
    {"numpy.outer", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, 2},
    {"numpy.cumsum", ValueKind::NDArray, DD::FromInput, 2, true, SF::Arguments, 0, "", true, false, 3},
    {"numpy.sort", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"numpy.nan_to_num", ValueKind::NDArray, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, 1},
    // numpy ufuncs (they accept out=, which MEM202 uses); binary ones promote like their operator
    {"numpy.add", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "+"},
    {"numpy.subtract", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "-"},
    {"numpy.multiply", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "*"},
    {"numpy.divide", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "/"},
    {"numpy.true_divide", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "/"},
    {"numpy.floor_divide", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "//"},
    {"numpy.power", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "**"},
    {"numpy.mod", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "%"},
    {"numpy.maximum", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "max"},
    {"numpy.minimum", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 2,
     Concat::None, Ufunc::Binary, "min"},
    {"numpy.sqrt", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.exp", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.log", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.log1p", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.abs", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryAbs},
    {"numpy.absolute", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryAbs},
    {"numpy.square", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::Unary},
    {"numpy.sin", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.cos", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.tanh", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::UnaryFloat},
    {"numpy.negative", ValueKind::NDArray, DD::FromInput, -1, true, SF::Arguments, 0, "", true, false, 1,
     Concat::None, Ufunc::Unary},
    // numpy.random.Generator methods (found through the receiver's facts, not by import)
    {"numpy.random.default_rng", ValueKind::Generator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"numpy.random.Generator.random", ValueKind::NDArray, DD::Float64, 1, true, SF::OptionalShape, 0, "size", true, false, 2},
    {"numpy.random.Generator.standard_normal", ValueKind::NDArray, DD::Float64, 1, true, SF::OptionalShape, 0, "size", true, false, 2},
    {"numpy.random.Generator.normal", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 2, "size"},
    {"numpy.random.Generator.uniform", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 2, "size"},
    {"numpy.random.Generator.exponential", ValueKind::NDArray, DD::Float64, -1, false, SF::OptionalShape, 1, "size"},
    {"numpy.random.Generator.integers", ValueKind::NDArray, DD::FromInput, 3, true, SF::OptionalShape, 2, "size"},
    // pandas
    {"pandas.Series", ValueKind::Series, DD::FromInput, 2, true, SF::Arguments, 0, ""},
    {"pandas.DataFrame", ValueKind::DataFrame, DD::FromInput, 3, true, SF::Arguments, 0, ""},
    {"pandas.concat", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, -1,
     Concat::Sequence},
    {"pandas.merge", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"pandas.read_csv", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Text, 0, "filepath_or_buffer"},
    {"pandas.read_table", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Text, 0, "filepath_or_buffer"},
    {"pandas.read_fwf", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Text, 0, "filepath_or_buffer"},
    {"pandas.read_parquet", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_feather", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_orc", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_json", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Text, 0, "path_or_buf"},
    {"pandas.read_excel", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"pandas.read_hdf", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_pickle", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_sql", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"pandas.read_sql_query", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"pandas.read_sql_table", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_stata", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_sas", ValueKind::DataFrame, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pandas.read_xml", ValueKind::DataFrame, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    // serialized objects of unknown type
    {"pickle.load", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"pickle.loads", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"json.load", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"json.loads", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"joblib.load", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    {"torch.load", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, ""},
    // torch tensors (default dtype float32)
    {"torch.zeros", ValueKind::Tensor, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"torch.ones", ValueKind::Tensor, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"torch.empty", ValueKind::Tensor, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"torch.rand", ValueKind::Tensor, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"torch.randn", ValueKind::Tensor, DD::FromInput, -1, true, SF::Unknown, 0, ""},
    {"torch.tensor", ValueKind::Tensor, DD::FromInput, -1, true, SF::Arguments, 0, ""},
    // as_tensor and from_numpy share a numpy array's memory (as_tensor unless a dtype or device
    // makes it convert).
    {"torch.as_tensor", ValueKind::Tensor, DD::FromInput, -1, true, SF::Arguments, 0, "", true, true},
    {"torch.from_numpy", ValueKind::Tensor, DD::FromInput, -1, false, SF::Arguments, 0, "", true, true},
    {"torch.cat", ValueKind::Tensor, DD::FromInput, -1, false, SF::Arguments, 0, "", true, false, -1,
     Concat::Sequence},
    {"torch.stack", ValueKind::Tensor, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    // builtins
    {"builtins.open", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"io.open", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"gzip.open", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"gzip.GzipFile", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"bz2.open", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"bz2.BZ2File", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"lzma.open", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"lzma.LZMAFile", ValueKind::File, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.list", ValueKind::List, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"builtins.sorted", ValueKind::List, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"builtins.tuple", ValueKind::Tuple, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"builtins.set", ValueKind::Set, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"builtins.frozenset", ValueKind::Set, DD::FromInput, -1, false, SF::Arguments, 0, ""},
    {"builtins.range", ValueKind::Range, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.map", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.filter", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.zip", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.enumerate", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.iter", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.reversed", ValueKind::Iterator, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    // Wrappers that reference their arguments without copying them: not allocations.
    {"functools.partial", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"builtins.memoryview", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    // multiprocessing and concurrent.futures
    // Thread-backed pools share the Pool/Executor kinds; tell them apart by `qualified`.
    {"multiprocessing.Pool", ValueKind::Pool, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.pool.Pool", ValueKind::Pool, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.pool.ThreadPool", ValueKind::Pool, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.dummy.Pool", ValueKind::Pool, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.Process", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    // get_context(...) returns a context with the module's API: `ctx.Pool` is found as multiprocessing.Pool.
    {"multiprocessing.get_context", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.Manager", ValueKind::Manager, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.managers.SyncManager", ValueKind::Manager, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    // A Manager's shared objects (found through the receiver's facts, as Generator methods are)
    {"multiprocessing.managers.SyncManager.list", ValueKind::Proxy, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.managers.SyncManager.dict", ValueKind::Proxy, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.managers.SyncManager.Namespace", ValueKind::Proxy, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.managers.SyncManager.Array", ValueKind::Proxy, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"multiprocessing.managers.SyncManager.Value", ValueKind::Proxy, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"concurrent.futures.ProcessPoolExecutor", ValueKind::Executor, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"concurrent.futures.process.ProcessPoolExecutor", ValueKind::Executor, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"concurrent.futures.ThreadPoolExecutor", ValueKind::Executor, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"concurrent.futures.thread.ThreadPoolExecutor", ValueKind::Executor, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    // joblib: Parallel(...)(delayed(f)(x) for x in xs); loky worker processes unless told to use threads
    {"joblib.Parallel", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
    {"joblib.delayed", ValueKind::Unknown, DD::FromInput, -1, false, SF::Unknown, 0, "", false},
};

const std::unordered_map<std::string_view, const Producer*>& producer_index() {
  static const auto index = [] {
    std::unordered_map<std::string_view, const Producer*> m;
    for (const auto& p : kProducers) m.emplace(p.qualified, &p);
    return m;
  }();
  return index;
}

// numpy re-exports: `numpy.core.numeric.zeros` etc. are rare in user code; the public names suffice.

bool is_float_expression(TSNode n, std::string_view text) {
  n = strip_parens(n);
  // `1.5j` and `2j` are complex: their literal ends in j
  if (is(n, Kind::Float)) return node_text(n, text).find_first_of("jJ") == std::string_view::npos;
  if (is(n, Kind::UnaryOperator)) return is_float_expression(child_by_field(n, Field::Argument), text);
  return false;
}

// `2j`, `-1.5j`, `complex(a, b)`, `1 + 2j`: a Python complex number written out.
bool is_complex_literal(TSNode n, const SemanticModel& model, uint32_t scope) {
  n = strip_parens(n);
  switch (kind_of(n)) {
    case Kind::Integer: case Kind::Float:
      return node_text(n, model.text()).find_first_of("jJ") != std::string_view::npos;
    case Kind::UnaryOperator: return is_complex_literal(child_by_field(n, Field::Argument), model, scope);
    case Kind::BinaryOperator:
      return is_complex_literal(child_by_field(n, Field::Left), model, scope) ||
             is_complex_literal(child_by_field(n, Field::Right), model, scope);
    case Kind::Call: return model.qualified_name(child_by_field(n, Field::Function), scope) == "builtins.complex";
    default: return false;
  }
}

// Numbers written out whose value is a Python float: a float literal, or arithmetic of literals
// with a float among them or a true division (`10 / 0.02`, `1e3`, `-2.5`).
bool float_literal_arithmetic(TSNode n, std::string_view text, bool* is_float = nullptr) {
  n = strip_parens(n);
  bool f = false;
  switch (kind_of(n)) {
    case Kind::Integer: case Kind::Float:
      if (node_text(n, text).find_first_of("jJ") != std::string_view::npos) return false;
      f = is(n, Kind::Float);
      break;
    case Kind::UnaryOperator:
      if (!float_literal_arithmetic(child_by_field(n, Field::Argument), text, &f)) return false;
      break;
    case Kind::BinaryOperator: {
      std::string_view op = node_text(child_by_field(n, Field::Operator), text);
      bool l = false, r = false;
      if (op != "+" && op != "-" && op != "*" && op != "/" && op != "//" && op != "%") return false;
      if (!float_literal_arithmetic(child_by_field(n, Field::Left), text, &l) ||
          !float_literal_arithmetic(child_by_field(n, Field::Right), text, &r))
        return false;
      f = l || r || op == "/";
      break;
    }
    default:
      return false;
  }
  if (is_float) *is_float = f;
  return is_float ? true : f;
}

bool is_int_expression(TSNode n, const SemanticModel& model, uint32_t scope) {
  return model.constant_int(n, scope).has_value();
}

// When `n` is a call that makes a numpy scalar of a type other than float64 and int64
// (`np.float32(0)`, `np.uint16(k)`, `np.longdouble(1)`), that type: such a scalar promotes with
// its own type, unlike a Python number. Unknown for numpy's extended-precision types, which the
// dtype model leaves unknown (their width depends on the platform); nullopt for anything else.
std::optional<Dtype> numpy_scalar_of_other_type(TSNode n, const SemanticModel& model, uint32_t scope) {
  n = strip_parens(n);
  if (!is(n, Kind::Call)) return std::nullopt;
  TSNode callee = child_by_field(n, Field::Function);
  const std::string& q = model.qualified_name(callee, scope);
  if (q.rfind("numpy.", 0) != 0) return std::nullopt;
  static const std::unordered_set<std::string_view> extended = {
      "numpy.longdouble", "numpy.longfloat",   "numpy.float128",    "numpy.float96",    "numpy.clongdouble",
      "numpy.clongfloat", "numpy.longcomplex", "numpy.complex256", "numpy.complex192"};
  if (extended.count(q)) return Dtype::Unknown;
  Dtype d = dtype_of_expression(callee, scope, model, model.text());
  if (d == Dtype::Unknown || d == Dtype::Float64 || d == Dtype::Int64) return std::nullopt;
  return d;
}

// The float constants of math and numpy: `math.pi`, `np.inf`, `from numpy import pi`.
bool is_float_constant(std::string_view q) {
  return q == "math.pi" || q == "math.e" || q == "math.tau" || q == "math.inf" || q == "math.nan" ||
         q == "numpy.pi" || q == "numpy.e" || q == "numpy.inf" || q == "numpy.nan" || q == "numpy.euler_gamma";
}

// A value that is one scalar whatever surrounds it: np.nan, pd.NA, math.inf, float(x), str(x).
bool is_scalar_leaf(TSNode n, const SemanticModel& model, uint32_t scope) {
  Kind k = kind_of(n);
  if (k != Kind::Attribute && k != Kind::Call) return false;
  const std::string& q = model.qualified_name(k == Kind::Call ? child_by_field(n, Field::Function) : n, scope);
  if (k == Kind::Call)
    return q == "builtins.float" || q == "builtins.int" || q == "builtins.complex" || q == "builtins.bool" ||
           q == "builtins.str";
  return is_float_constant(q) || q == "numpy.NaN" || q == "numpy.Inf" || q == "pandas.NA" || q == "pandas.NaT";
}

// `[x] * 3`, `3 * ("a",)`: the literal display that is repeated, and the repetition's operand.
std::pair<TSNode, TSNode> repeated_display(TSNode n, std::string_view text) {
  if (!is(n, Kind::BinaryOperator) || node_text(child_by_field(n, Field::Operator), text) != "*") return {};
  TSNode l = strip_parens(child_by_field(n, Field::Left)), r = strip_parens(child_by_field(n, Field::Right));
  if (is(l, Kind::List) || is(l, Kind::Tuple)) return {l, r};
  if (is(r, Kind::List) || is(r, Kind::Tuple)) return {r, l};
  return {};
}

// How many times a comprehension's body runs at most, when its iterables have lengths the source
// states: the first a written-out sequence, a range or an index of stated length (or a name bound
// to one); each further one a display (it is evaluated inside the comprehension, where a name may
// be a loop variable). `if` clauses only skip items.
std::optional<uint64_t> comprehension_iterations(TSNode comprehension, const SemanticModel& model, uint32_t scope) {
  std::optional<uint64_t> total = 1;
  bool first = true;
  for_each_named_child(comprehension, [&](TSNode clause) {
    if (!is(clause, Kind::ForInClause)) return true;
    TSNode iterable = strip_parens(child_by_field(clause, Field::Right));
    std::optional<int64_t> length;
    if (first) {
      length = model.immutable_sequence_length(iterable, scope);
      if (!length) iterable = model.literal_sequence(iterable, scope);
    }
    if (!length && !ts_node_is_null(iterable) && (is(iterable, Kind::List) || is_tuple_display(iterable) ||
                                                  is(iterable, Kind::Set) || is(iterable, Kind::Dictionary)))
      length = SemanticModel::literal_items(iterable);
    first = false;
    uint64_t product = 0;
    if (!length || *length < 0 || __builtin_mul_overflow(*total, static_cast<uint64_t>(*length), &product))
      total.reset();
    else
      total = product;
    return total.has_value();
  });
  return total;
}

// `["b"] * 4 + ["a"] * 16`: displays (or repeated ones) joined with `+`, all written out.
bool joined_displays(TSNode n, std::string_view text) {
  if (!is(n, Kind::BinaryOperator) || node_text(child_by_field(n, Field::Operator), text) != "+") return false;
  auto sequence = [&](TSNode x) {
    x = strip_parens(x);
    return is(x, Kind::List) || is(x, Kind::Tuple) || !ts_node_is_null(repeated_display(x, text).first) ||
           joined_displays(x, text);
  };
  return sequence(child_by_field(n, Field::Left)) && sequence(child_by_field(n, Field::Right));
}

// The number of leaves of data written out in the source: a scalar literal is one element; list,
// tuple, set and dict literals count their (nested) literal leaves, `[...] * k` k times theirs.
// Known scalars (np.nan, float(x), ...) count as one, and a list comprehension whose iterations
// are bounded (comprehension_iterations) one per iteration. Any other leaf (a name, a call, an
// unpacking) could be large: then nullopt, or with `items_count_once` one element (an object
// array's item).
std::optional<uint64_t> literal_leaves(TSNode root, const SemanticModel& model, uint32_t scope,
                                       bool items_count_once = false) {
  if (ts_node_is_null(root)) return std::nullopt;
  uint64_t leaves = 0;
  std::vector<TSNode> stack{strip_parens(root)};
  while (!stack.empty()) {
    TSNode n = strip_parens(stack.back());
    stack.pop_back();
    switch (kind_of(n)) {
      case Kind::Integer: case Kind::Float: case Kind::String: case Kind::ConcatenatedString:
      case Kind::True: case Kind::False: case Kind::None:
        ++leaves;
        break;
      case Kind::UnaryOperator:
        stack.push_back(child_by_field(n, Field::Argument));
        break;
      case Kind::List: case Kind::Tuple: case Kind::Set: case Kind::Dictionary:
        for_each_named_child(n, [&](TSNode c) {
          if (!is(c, Kind::Comment)) stack.push_back(c);
          return true;
        });
        break;
      case Kind::Pair:
        stack.push_back(child_by_field(n, Field::Value));
        break;
      case Kind::ListComprehension: {
        // `[x or None for x in [3, None, True]]`: at most one item per iteration.
        auto iterations = comprehension_iterations(n, model, scope);
        TSNode body = strip_parens(child_by_field(n, Field::Body));
        Kind bk = kind_of(body);
        bool literal = bk == Kind::Integer || bk == Kind::Float || bk == Kind::String ||
                       bk == Kind::ConcatenatedString || bk == Kind::True || bk == Kind::False || bk == Kind::None;
        bool nested = bk == Kind::List || bk == Kind::Tuple || bk == Kind::Set || bk == Kind::Dictionary ||
                      bk == Kind::ListComprehension || bk == Kind::GeneratorExpression ||
                      bk == Kind::SetComprehension || bk == Kind::DictionaryComprehension ||
                      !ts_node_is_null(repeated_display(body, model.text()).first);
        if (!iterations || !(literal || is_scalar_leaf(body, model, scope) || (items_count_once && !nested)))
          return std::nullopt;
        if (__builtin_add_overflow(leaves, *iterations, &leaves)) return std::nullopt;
        break;
      }
      case Kind::ListSplat: case Kind::DictionarySplat: case Kind::GeneratorExpression: case Kind::SetComprehension:
      case Kind::DictionaryComprehension:
        return std::nullopt;
      default: {
        if (joined_displays(n, model.text())) {
          stack.push_back(child_by_field(n, Field::Left));
          stack.push_back(child_by_field(n, Field::Right));
          break;
        }
        if (auto [display, times] = repeated_display(n, model.text()); !ts_node_is_null(display)) {
          auto once = literal_leaves(display, model, scope, items_count_once);
          auto k = model.int_upper_bound(times, scope);
          uint64_t product = 0;
          if (!once || !k || *k < 0 || __builtin_mul_overflow(*once, static_cast<uint64_t>(*k), &product))
            return std::nullopt;
          leaves += product;
          break;
        }
        if (!items_count_once && !is_scalar_leaf(n, model, scope)) return std::nullopt;
        ++leaves;  // np.array([a, b], dtype=object): one object per item, whatever a and b are
        break;
      }
    }
  }
  return leaves;
}


// `a.shape` of an array whose every extent is known (`np.zeros(a.shape)`).
std::optional<std::vector<int64_t>> shape_attribute(TSNode shape, const SemanticModel& model, uint32_t scope) {
  if (!is(shape, Kind::Attribute) || node_text(child_by_field(shape, Field::AttributeField), model.text()) != "shape")
    return std::nullopt;
  return model.known_shape(child_by_field(shape, Field::Object), scope);
}

// The length of a string the source writes out: a literal (not an f-string with fields), literals
// joined by `+`, or a name bound once to one. An upper bound: escapes count as written.
std::optional<uint64_t> literal_text_length(TSNode n, const SemanticModel& model, uint32_t scope, int depth = 0) {
  if (depth > 8) return std::nullopt;
  n = strip_parens(n);
  switch (kind_of(n)) {
    case Kind::String: {
      bool fields = false;
      for_each_named_child(n, [&](TSNode c) { return !(fields = is(c, Kind::Interpolation)); });
      if (fields) return std::nullopt;
      return ts_node_end_byte(n) - ts_node_start_byte(n);
    }
    case Kind::ConcatenatedString: case Kind::BinaryOperator: {
      if (is(n, Kind::BinaryOperator) && node_text(child_by_field(n, Field::Operator), model.text()) != "+")
        return std::nullopt;
      uint64_t total = 0;
      bool known = true;
      for_each_named_child(n, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        auto part = literal_text_length(c, model, scope, depth + 1);
        if (!part) return known = false;
        total += *part;
        return true;
      });
      return known ? std::optional<uint64_t>(total) : std::nullopt;
    }
    case Kind::Identifier: {
      const Binding* b = model.assigned_value(n, scope);
      if (!b) return std::nullopt;
      return literal_text_length(b->value, model, b->scope, depth + 1);
    }
    default:
      return std::nullopt;
  }
}

// Whether `producer` parses text into an array or a frame (SizeFrom::Text).
bool parses_text(const std::string& qualified) {
  const Producer* p = find_producer(qualified);
  return p && p->size == SizeFrom::Text;
}

// The length of the text a parser reads from `source` when the source states it: an in-memory
// buffer (io.StringIO, io.BytesIO, or a class of the file deriving from one) made from written-out
// strings, a name bound to such a buffer (once, or by an earlier statement of the read's block)
// whose value is only handed to parsers (and rewound), or a
// list of written-out lines (numpy reads lines from any iterable). Nullopt otherwise: a string is a
// path, and a buffer written to elsewhere holds what was written.
std::optional<uint64_t> in_memory_text_length(TSNode source, const SemanticModel& model, uint32_t scope) {
  TSNode n = strip_parens(source);
  if (is(n, Kind::List) || is(n, Kind::Tuple)) {
    uint64_t total = 0;
    bool known = true;
    for_each_named_child(n, [&](TSNode item) {
      if (is(item, Kind::Comment)) return true;
      auto length = literal_text_length(item, model, scope);
      if (!length) return known = false;
      total += *length + 1;  // a line
      return true;
    });
    return known ? std::optional<uint64_t>(total) : std::nullopt;
  }
  if (is(n, Kind::Identifier)) {
    const Binding* b = model.assigned_value(n, scope);
    if (!b || !is(strip_parens(b->value), Kind::Call)) return std::nullopt;
    // Reads that rewind it, parse it, or write text of known length into it once (not in a loop):
    // `c.write("1,2\n")`, `np.savetxt(c, a)` with `a` a display of numbers.
    uint64_t written = 0;
    for (uint32_t r : model.references_of(static_cast<uint32_t>(b - model.bindings().data()))) {
      const Reference& ref = model.references()[r];
      std::string_view member = is(ref.parent, Kind::Attribute)
                                    ? node_text(child_by_field(ref.parent, Field::AttributeField), model.text())
                                    : std::string_view();
      if (member == "seek") continue;
      if (member == "write" && ref.scope == b->scope && !inside_loop(ref.node)) {
        TSNode call = ref.grandparent;
        auto arguments = is(call, Kind::Call) ? positional_arguments(child_by_field(call, Field::Arguments)) : std::nullopt;
        auto length = arguments && arguments->size() == 1 ? literal_text_length(arguments->front(), model, ref.scope)
                                                          : std::nullopt;
        if (!length) return std::nullopt;
        written += *length;
        continue;
      }
      if (!is(ref.parent, Kind::ArgumentList)) return std::nullopt;
      TSNode call = parent_of(ref.parent);
      const std::string& q = model.qualified_name(child_by_field(call, Field::Function), ref.scope);
      if (parses_text(q)) continue;
      auto arguments = q == "numpy.savetxt" && ref.scope == b->scope && !inside_loop(ref.node)
                           ? positional_arguments(ref.parent)
                           : std::nullopt;
      if (!arguments || arguments->size() != 2 || !ts_node_eq(strip_parens(arguments->front()), ref.node) ||
          named_child_count(ref.parent) != 2)  // a fmt, delimiter or header may widen the text
        return std::nullopt;
      // The default format, `%.18e`, writes at most 25 characters and a delimiter per number.
      TSNode data = strip_parens((*arguments)[1]);
      auto numbers = model.element_bound(data, ref.scope);
      if (!numbers) numbers = literal_leaves(data, model, ref.scope);
      if (!numbers) return std::nullopt;
      written += *numbers * 26;
    }
    auto initial = in_memory_text_length(b->value, model, b->scope);
    return initial ? std::optional<uint64_t>(*initial + written) : std::nullopt;
  }
  if (!is(n, Kind::Call)) return std::nullopt;
  TSNode callee = child_by_field(n, Field::Function);
  auto is_buffer = [](const std::string& q) { return q == "io.StringIO" || q == "io.BytesIO"; };
  bool buffer = is_buffer(model.qualified_name(callee, scope));
  if (!buffer && is(callee, Kind::Identifier)) {
    // `class TextIO(BytesIO): ...` in the same file
    const Binding* cls = model.resolve(node_text(callee, model.text()), scope, ts_node_start_byte(callee));
    TSNode def = cls && cls->kind == BindingKind::ClassDef && model.bindings_of(cls->name, cls->scope).size() == 1
                     ? parent_of(cls->node)
                     : TSNode{};
    if (!ts_node_is_null(def))
      for_each_named_child(child_by_field(def, Field::Superclasses), [&](TSNode base) {
        return !(buffer = is_buffer(model.qualified_name(base, cls->scope)));
      });
  }
  TSNode args = child_by_field(n, Field::Arguments);
  if (!buffer || !is(args, Kind::ArgumentList)) return std::nullopt;
  uint64_t total = 0;
  bool known = true;
  for_each_named_child(args, [&](TSNode a) {
    if (is(a, Kind::Comment)) return true;
    TSNode value = is(a, Kind::KeywordArgument) ? child_by_field(a, Field::Value) : a;
    auto length = literal_text_length(value, model, scope);
    if (!length) return known = false;
    total += *length;
    return true;
  });
  return known ? std::optional<uint64_t>(total) : std::nullopt;
}

// The shape numpy gives a display of numbers, strings and constants nested evenly
// (`[[1, 2], [3, 4]]` is (2, 2)); a scalar is 0-d. Nullopt when the nesting is uneven (ragged) or
// an item is not a constant (a name may hold a sequence, which adds dimensions).
std::optional<std::vector<int64_t>> display_shape(TSNode n, const SemanticModel& model, uint32_t scope, int depth = 0) {
  n = strip_parens(n);
  if (depth > 32) return std::nullopt;
  switch (kind_of(n)) {
    case Kind::Integer: case Kind::Float: case Kind::String: case Kind::ConcatenatedString:
    case Kind::True: case Kind::False: case Kind::None:
      return std::vector<int64_t>{};
    case Kind::UnaryOperator:
      return display_shape(child_by_field(n, Field::Argument), model, scope, depth + 1);
    case Kind::List: case Kind::Tuple: {
      std::optional<std::vector<int64_t>> inner;
      int64_t items = 0;
      bool even = true;
      for_each_named_child(n, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        auto s = is(c, Kind::ListSplat) ? std::nullopt : display_shape(c, model, scope, depth + 1);
        if (!s || (items > 0 && *s != *inner)) return even = false;
        inner = std::move(s);
        ++items;
        return true;
      });
      if (!even) return std::nullopt;
      std::vector<int64_t> shape{items};
      if (inner) shape.insert(shape.end(), inner->begin(), inner->end());
      return shape;
    }
    default:
      // A number written as an expression (`(1 + 1) / 12`, `np.inf`, `-np.nan`) is one element.
      if (is_scalar_leaf(n, model, scope) || model.constant_number(n, scope)) return std::vector<int64_t>{};
      return std::nullopt;
  }
}

// Calls `visit(extent)` for each extent a shape display lists, in order, until it returns false:
// its items, and the items of a tuple unpacked into it (`(6, 7, *trailing)` with `trailing = (3,
// 2)`). An unpacking of anything else is visited as a null node.
template <typename Visit>
void for_each_extent(TSNode display, const SemanticModel& model, uint32_t scope, Visit visit) {
  for_each_named_child(display, [&](TSNode c) {
    if (is(c, Kind::Comment)) return true;
    if (!is(c, Kind::ListSplat)) return visit(c);
    TSNode items = model.literal_sequence(named_child(c, 0), scope);
    if (!is_tuple_display(items) && !is(items, Kind::List)) return visit(TSNode{});
    bool go_on = true;
    for_each_named_child(items, [&](TSNode item) {
      if (is(item, Kind::Comment)) return true;
      return go_on = visit(is(item, Kind::ListSplat) ? TSNode{} : item);
    });
    return go_on;
  });
}

// The dimensions a shape argument names: a tuple or list of extents, or one integer constant.
// Extents that are not constants are -1 (a bound is not an extent); nullopt when even the number
// of dimensions is unknown (a name may hold a tuple).
std::optional<std::vector<int64_t>> shape_dims(TSNode shape, const SemanticModel& model, uint32_t scope) {
  shape = strip_parens(shape);
  if (auto dims = shape_attribute(shape, model, scope)) return dims;
  if (TSNode literal = model.literal_sequence(shape, scope); is_tuple_display(literal)) shape = literal;  // `size = (3, 4)`
  auto extent = [&](TSNode n) -> int64_t {
    auto v = model.constant_int(n, scope);
    return v && *v >= 0 ? *v : -1;
  };
  if (is_tuple_display(shape) || is(shape, Kind::List)) {
    std::vector<int64_t> dims;
    bool known = true;
    for_each_extent(shape, model, scope, [&](TSNode c) {
      if (ts_node_is_null(c)) return known = false;
      dims.push_back(extent(c));
      return true;
    });
    if (!known) return std::nullopt;
    return dims;
  }
  if (auto v = model.constant_int(shape, scope); v && *v >= 0) return std::vector<int64_t>{*v};
  return std::nullopt;
}

// An upper bound of the number of elements of a shape argument: a tuple or list of extents (a
// name bound once to a tuple, `(n,) * k` too), or one integer. A zero extent makes it 0 whatever
// the others are.
std::optional<uint64_t> shape_elements(TSNode shape, const SemanticModel& model, uint32_t scope) {
  shape = strip_parens(shape);
  if (auto dims = shape_attribute(shape, model, scope)) {
    uint64_t total = 1;
    for (int64_t extent : *dims)
      if (__builtin_mul_overflow(total, static_cast<uint64_t>(extent), &total)) return std::nullopt;
    return total;
  }
  if (TSNode literal = model.literal_sequence(shape, scope); is_tuple_display(literal)) shape = literal;
  if (is_tuple_display(shape) || is(shape, Kind::List)) {
    uint64_t total = 1;
    bool known = true, zero = false;
    for_each_extent(shape, model, scope, [&](TSNode c) {
      if (ts_node_is_null(c)) return known = false;
      auto v = model.int_upper_bound(c, scope);
      if (v && *v == 0) zero = true;
      if (known) known = v && *v >= 0 && !__builtin_mul_overflow(total, static_cast<uint64_t>(*v), &total);
      return true;
    });
    if (zero) return 0;
    if (!known) return std::nullopt;
    return total;
  }
  if (auto [l, r] = repeated_display(shape, model.text()); !ts_node_is_null(l)) {
    // `(1,) * ndim`, `[n] * 3`: the extents repeated k times
    auto once = shape_elements(l, model, scope);
    if (!once) return std::nullopt;
    if (*once <= 1) return 1;  // 1 ** k, or an empty shape when k is 0
    auto k = model.int_upper_bound(r, scope);
    if (!k || *k < 0) return std::nullopt;
    uint64_t total = 1;
    for (int64_t i = 0; i < *k; ++i)
      if (__builtin_mul_overflow(total, *once, &total)) return std::nullopt;
    return total;
  }
  if (auto v = model.int_upper_bound(shape, scope); v && *v >= 0) return static_cast<uint64_t>(*v);
  // A loop variable over written-out shapes: at most the largest of them.
  std::vector<TSNode> items = model.loop_items(shape, scope);
  std::optional<uint64_t> largest;
  for (TSNode item : items) {
    if (is(strip_parens(item), Kind::Identifier)) return std::nullopt;  // no loop over loops
    auto e = shape_elements(item, model, scope);
    if (!e) return std::nullopt;
    largest = std::max(largest.value_or(0), *e);
  }
  return largest;
}

std::optional<uint64_t> elements_of(const std::optional<std::vector<int64_t>>& shape) {
  if (!shape) return std::nullopt;
  uint64_t total = 1;
  for (int64_t d : *shape)
    if (d < 0 || __builtin_mul_overflow(total, static_cast<uint64_t>(d), &total)) return std::nullopt;
  return total;
}

// The shape of an array flattened to 1-d: all its elements in one extent, -1 when not known.
std::vector<int64_t> flattened(const std::optional<std::vector<int64_t>>& shape) {
  auto e = elements_of(shape);
  return {e ? static_cast<int64_t>(*e) : -1};
}

// Whether an `axis` argument asks for the flattened array: absent (where that is the default) or None.
bool flat_axis(TSNode axis) { return ts_node_is_null(axis) || is(strip_parens(axis), Kind::None); }

}  // namespace

std::string_view dtype_name(Dtype d) {
  switch (d) {
    case Dtype::Float64: return "float64";
    case Dtype::Float32: return "float32";
    case Dtype::Float16: return "float16";
    case Dtype::Int64: return "int64";
    case Dtype::Int32: return "int32";
    case Dtype::Int16: return "int16";
    case Dtype::Int8: return "int8";
    case Dtype::Uint64: return "uint64";
    case Dtype::Uint32: return "uint32";
    case Dtype::Uint16: return "uint16";
    case Dtype::Uint8: return "uint8";
    case Dtype::Bool: return "bool";
    case Dtype::Complex128: return "complex128";
    case Dtype::Complex64: return "complex64";
    case Dtype::Object: return "object";
    case Dtype::Unknown: break;
  }
  return "unknown";
}

uint32_t dtype_itemsize(Dtype d) {
  switch (d) {
    case Dtype::Float64: case Dtype::Int64: case Dtype::Uint64: case Dtype::Complex64: case Dtype::Object: return 8;
    case Dtype::Float32: case Dtype::Int32: case Dtype::Uint32: return 4;
    case Dtype::Float16: case Dtype::Int16: case Dtype::Uint16: return 2;
    case Dtype::Int8: case Dtype::Uint8: case Dtype::Bool: return 1;
    case Dtype::Complex128: return 16;
    case Dtype::Unknown: break;
  }
  return 0;
}

bool may_name_producer(TSNode callee, std::string_view text) {
  // The last segment of every qualified name in the table ("zeros", "read_csv", "random", ...):
  // a call whose callee ends otherwise cannot be a producer, so most calls are rejected here
  // without resolving any name. Derived from the one table, never a second list.
  static const std::unordered_set<std::string_view> last_segments = [] {
    std::unordered_set<std::string_view> out;
    for (const auto& p : kProducers) {
      size_t dot = p.qualified.rfind('.');
      out.insert(dot == std::string_view::npos ? p.qualified : p.qualified.substr(dot + 1));
    }
    return out;
  }();
  callee = strip_parens(callee);
  TSNode name = is(callee, Kind::Attribute) ? child_by_field(callee, Field::AttributeField) : callee;
  if (!is(name, Kind::Identifier)) return false;
  if (last_segments.count(node_text(name, text))) return true;
  // `from numpy import zeros as z`: an alias can name any producer; imports are few, so resolve.
  return is(callee, Kind::Identifier);
}

std::span<const Producer> all_producers() { return kProducers; }

const Producer* find_producer(std::string_view qualified) {
  const auto& index = producer_index();
  auto it = index.find(qualified);
  return it == index.end() ? nullptr : it->second;
}

std::optional<uint64_t> CallFacts::bytes() const {
  uint32_t size = dtype_itemsize(dtype);
  if (!elements || size == 0) return std::nullopt;
  uint64_t out = 0;
  if (__builtin_mul_overflow(*elements, static_cast<uint64_t>(size), &out)) return std::nullopt;
  return out;
}

namespace {
Dtype dtype_named(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text, int hops);
}  // namespace

Dtype dtype_of_expression(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text) {
  return dtype_named(expr, scope, model, text, 0);
}

namespace {
Dtype dtype_named(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text, int hops) {
  expr = strip_parens(expr);
  if (is(expr, Kind::String)) {
    // Without prefix letters and quotes: "float32", 'f4', "O".
    std::optional<StringParts> parts = string_parts(node_text(expr, text));
    if (!parts) return Dtype::Unknown;
    std::string_view s = parts->body;
    // Big-endian (">f8") is not the native dtype of the machines we target: casting it to "f8"
    // is a real conversion, so it must not compare equal to float64.
    if (!s.empty() && s[0] == '>') return Dtype::Unknown;
    if (!s.empty() && (s[0] == '<' || s[0] == '=' || s[0] == '|')) s.remove_prefix(1);
    static const std::unordered_map<std::string_view, Dtype> names = {
        {"float64", Dtype::Float64}, {"f8", Dtype::Float64}, {"float", Dtype::Float64}, {"double", Dtype::Float64},
        {"d", Dtype::Float64}, {"float32", Dtype::Float32}, {"f4", Dtype::Float32}, {"single", Dtype::Float32},
        {"f", Dtype::Float32}, {"float16", Dtype::Float16}, {"f2", Dtype::Float16}, {"half", Dtype::Float16},
        {"int64", Dtype::Int64}, {"i8", Dtype::Int64}, {"int", Dtype::Int64}, {"int32", Dtype::Int32},
        {"i4", Dtype::Int32}, {"int16", Dtype::Int16}, {"i2", Dtype::Int16}, {"int8", Dtype::Int8},
        {"i1", Dtype::Int8}, {"uint8", Dtype::Uint8}, {"u1", Dtype::Uint8}, {"bool", Dtype::Bool},
        {"?", Dtype::Bool}, {"complex128", Dtype::Complex128}, {"complex", Dtype::Complex128},
        {"c16", Dtype::Complex128}, {"object", Dtype::Object}, {"O", Dtype::Object}, {"O8", Dtype::Object},
        {"uint16", Dtype::Uint16}, {"u2", Dtype::Uint16}, {"uint32", Dtype::Uint32}, {"u4", Dtype::Uint32},
        {"uint64", Dtype::Uint64}, {"u8", Dtype::Uint64}, {"complex64", Dtype::Complex64}, {"c8", Dtype::Complex64},
        {"csingle", Dtype::Complex64}, {"cdouble", Dtype::Complex128},
        {"intp", Dtype::Int64}, {"p", Dtype::Int64},  // pointer-sized: 64-bit platforms
        {"uintp", Dtype::Uint64}, {"P", Dtype::Uint64},
        {"uint", Dtype::Uint64},  // C unsigned long, as "int" is long: 64-bit Linux and macOS
    };
    auto it = names.find(s);
    return it == names.end() ? Dtype::Unknown : it->second;
  }
  // A name whose one value is a dtype's name (`UINT8 = '<u1'`, `DT = np.float32`), as every read
  // of it sees it.
  auto assigned = [&]() {
    const Binding* b = hops < 8 && is(expr, Kind::Identifier) ? model.assigned_value(expr, scope) : nullptr;
    TSNode v = b ? strip_parens(b->value) : TSNode{};
    if (!b || b->chained || !(is(v, Kind::String) || is(v, Kind::Attribute) || is(v, Kind::Identifier)))
      return Dtype::Unknown;
    return dtype_named(v, b->scope, model, text, hops + 1);
  };
  const std::string& q = model.qualified_name(expr, scope);
  if (q.empty()) return assigned();
  static const std::unordered_map<std::string_view, Dtype> qualified = {
      {"builtins.float", Dtype::Float64}, {"builtins.int", Dtype::Int64}, {"builtins.bool", Dtype::Bool},
      {"builtins.complex", Dtype::Complex128}, {"builtins.object", Dtype::Object},
      {"numpy.float64", Dtype::Float64}, {"numpy.double", Dtype::Float64}, {"numpy.float_", Dtype::Float64},
      {"numpy.float32", Dtype::Float32}, {"numpy.single", Dtype::Float32}, {"numpy.float16", Dtype::Float16},
      {"numpy.half", Dtype::Float16}, {"numpy.int64", Dtype::Int64}, {"numpy.int32", Dtype::Int32},
      {"numpy.int16", Dtype::Int16}, {"numpy.int8", Dtype::Int8}, {"numpy.uint8", Dtype::Uint8},
      {"numpy.uint16", Dtype::Uint16}, {"numpy.uint32", Dtype::Uint32}, {"numpy.uint64", Dtype::Uint64},
      {"numpy.bool_", Dtype::Bool}, {"numpy.complex128", Dtype::Complex128}, {"numpy.cdouble", Dtype::Complex128},
      {"numpy.complex64", Dtype::Complex64}, {"numpy.csingle", Dtype::Complex64},
      {"numpy.singlecomplex", Dtype::Complex64}, {"numpy.object_", Dtype::Object},
      // pointer-sized and the default integer: int64 on the 64-bit platforms numpy ships for
      {"numpy.intp", Dtype::Int64}, {"numpy.int_", Dtype::Int64}, {"numpy.uintp", Dtype::Uint64},
      {"numpy.uint", Dtype::Uint64},
      // torch's dtypes and their aliases
      {"torch.float64", Dtype::Float64}, {"torch.double", Dtype::Float64}, {"torch.float32", Dtype::Float32},
      {"torch.float", Dtype::Float32}, {"torch.float16", Dtype::Float16}, {"torch.half", Dtype::Float16},
      {"torch.int64", Dtype::Int64}, {"torch.long", Dtype::Int64}, {"torch.int32", Dtype::Int32},
      {"torch.int", Dtype::Int32}, {"torch.int16", Dtype::Int16}, {"torch.short", Dtype::Int16},
      {"torch.int8", Dtype::Int8}, {"torch.uint8", Dtype::Uint8}, {"torch.bool", Dtype::Bool},
      {"torch.complex64", Dtype::Complex64}, {"torch.complex128", Dtype::Complex128},
  };
  auto it = qualified.find(q);
  return it == qualified.end() ? assigned() : it->second;
}
}  // namespace

CallFacts producer_call_facts(TSNode call, const Producer& p, uint32_t scope, const SemanticModel& model,
                              std::string_view text) {
  CallFacts f;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return f;  // generator-argument calls: f(x for x in y)
  f.producer = &p;
  f.call = call;
  f.args = args;
  const ArgumentShape shape = argument_shape(args);
  const uint32_t positional = shape.positional;
  f.has_unpacking = shape.unpacking;
  f.dtype_arg = argument(args, p.takes_dtype ? p.dtype_pos : -1, p.takes_dtype ? "dtype" : "", text);
  if (!ts_node_is_null(f.dtype_arg)) {
    f.dtype = dtype_of_expression(f.dtype_arg, scope, model, text);
  } else {
    switch (p.default_dtype) {
      case DD::Float64: f.dtype = Dtype::Float64; break;
      case DD::FromFill: {
        TSNode fill = strip_parens(argument(args, 1, "fill_value", text));
        if (!ts_node_is_null(fill)) {
          // A numpy scalar (`np.int8(5)`, `np.float32(0.5)`) gives its own type, though its value is
          // a constant: only Python numbers give int64 and float64. So does a name bound to one
          // (is_int_expression would take `k = np.int8(5)` for an int); arithmetic on one
          // (`np.int8(5) + 1`) gives a type not worked out here.
          TSNode value = fill;
          uint32_t value_scope = scope;
          for (int hops = 0; hops < 8 && is(value, Kind::Identifier); ++hops) {
            const Binding* b = model.assigned_value(value, value_scope);
            if (!b || ts_node_is_null(b->value)) break;
            value = strip_parens(b->value);
            value_scope = b->scope;
          }
          auto numpy_call = [&](TSNode c) {
            return is(c, Kind::Call) &&
                   model.qualified_name(child_by_field(c, Field::Function), value_scope).rfind("numpy.", 0) == 0;
          };
          auto has_numpy_call = [&](auto&& self, TSNode n, int depth) -> bool {
            if (numpy_call(n)) return true;
            if (depth > 8) return true;
            bool found = false;
            for_each_named_child(n, [&](TSNode c) {
              found = self(self, c, depth + 1);
              return !found;
            });
            return found;
          };
          if (numpy_call(value))
            f.dtype = dtype_of_expression(child_by_field(value, Field::Function), value_scope, model, text);
          else if (has_numpy_call(has_numpy_call, value, 0)) f.dtype = Dtype::Unknown;
          else if (is_float_expression(fill, text)) f.dtype = Dtype::Float64;
          else if (is_int_expression(fill, model, scope)) f.dtype = Dtype::Int64;
        }
        break;
      }
      case DD::FromArguments: {
        bool any_float = false, all_int = true, numpy_int = false, numpy_other = false;
        for (int i = 0; i < 3; ++i) {
          static constexpr std::string_view kw[] = {"start", "stop", "step"};
          TSNode a = argument(args, i, kw[i], text);
          if (ts_node_is_null(a)) continue;
          // `np.arange(np.longdouble(0), n, 0.5)` is longdouble; with a float32 start the result
          // depends on numpy's version. An int scalar with a float is float64 in both, but
          // without one its type may count (NumPy 2).
          if (auto t = numpy_scalar_of_other_type(a, model, scope))
            (is_int_dtype(*t) || *t == Dtype::Bool ? numpy_int : numpy_other) = true;
          // `1 / fs` of Python numbers is a float, whatever they are
          bool quotient = is(strip_parens(a), Kind::BinaryOperator) &&
                          node_text(child_by_field(strip_parens(a), Field::Operator), text) == "/" &&
                          model.constant_number(a, scope).has_value();
          if (is_float_expression(a, text) || quotient) any_float = true;
          else if (!is_int_expression(a, model, scope)) all_int = false;
        }
        if (numpy_other) break;
        if (any_float) f.dtype = Dtype::Float64;
        else if (all_int && !numpy_int) f.dtype = Dtype::Int64;
        break;
      }
      case DD::FromInput: break;
      case DD::FromEndpoints: {
        f.dtype = Dtype::Float64;
        for (int i = 0; i < 2; ++i) {
          static constexpr std::string_view kw[] = {"start", "stop"};
          if (is_complex_literal(argument(args, i, kw[i], text), model, scope)) f.dtype = Dtype::Complex128;
        }
        break;
      }
    }
  }
  switch (p.size) {
    case SF::Unknown:
    case SF::Arguments:
      break;
    case SF::Count: {
      // A dtype with a shape of its own (`np.dtype(('f8', 3))`) would add dimensions: only the
      // dtypes named here count. fromfile reads fewer items from a short file: the extent is not
      // known, only its bound.
      TSNode count = argument(args, p.size_pos, p.size_kw, text);
      auto n = ts_node_is_null(count) ? std::nullopt : model.constant_int(count, scope);
      if (n && *n >= 0 && f.dtype != Dtype::Unknown && !f.has_unpacking) {
        f.elements = static_cast<uint64_t>(*n);
        f.shape = std::vector<int64_t>{p.qualified == "numpy.frombuffer" ? *n : -1};
      }
      break;
    }
    case SF::Text:
      // Fields are separated: at most one per character, and one more.
      if (auto length = in_memory_text_length(argument(args, p.size_pos, p.size_kw, text), model, scope))
        f.elements = *length + 1;
      break;
    case SF::Shape: {
      TSNode shape = argument(args, p.size_pos, p.size_kw, text);
      if (!ts_node_is_null(shape) && !is(strip_parens(shape), Kind::None)) {
        f.elements = shape_elements(shape, model, scope);
        f.shape = shape_dims(shape, model, scope);
      } else {
        f.invalid = !f.has_unpacking;
      }
      break;
    }
    case SF::Square: {
      TSNode size = argument(args, 0, p.size_kw, text);
      if (ts_node_is_null(size) || is(strip_parens(size), Kind::None)) f.invalid = !f.has_unpacking;
      auto n = model.int_upper_bound(size, scope);
      if (n && *n >= 0 && *n < (int64_t{1} << 31)) f.elements = static_cast<uint64_t>(*n) * static_cast<uint64_t>(*n);
      auto exact = model.constant_int(size, scope);
      int64_t d = exact && *exact >= 0 ? *exact : -1;
      if (!f.has_unpacking) f.shape = std::vector<int64_t>{d, d};
      break;
    }
    case SF::Eye: {
      TSNode rows = argument(args, 0, "N", text);
      if (ts_node_is_null(rows) || is(strip_parens(rows), Kind::None)) f.invalid = !f.has_unpacking;
      auto n = model.int_upper_bound(rows, scope);
      TSNode m_arg = argument(args, 1, "M", text);
      std::optional<int64_t> m = ts_node_is_null(m_arg) || is(strip_parens(m_arg), Kind::None)
                                     ? n
                                     : model.int_upper_bound(m_arg, scope);
      if (n && m && *n >= 0 && *m >= 0 && *n < (int64_t{1} << 31) && *m < (int64_t{1} << 31))
        f.elements = static_cast<uint64_t>(*n) * static_cast<uint64_t>(*m);
      if (!f.has_unpacking) {
        auto en = model.constant_int(rows, scope);
        auto em = ts_node_is_null(m_arg) || is(strip_parens(m_arg), Kind::None) ? en : model.constant_int(m_arg, scope);
        f.shape = std::vector<int64_t>{en && *en >= 0 ? *en : -1, em && *em >= 0 ? *em : -1};
      }
      break;
    }
    case SF::Varargs: {
      if (positional == 0 && !f.has_unpacking) {
        f.scalar = true;
        break;
      }
      uint64_t total = 1;
      bool known = !f.has_unpacking;
      std::vector<int64_t> dims;
      for (uint32_t i = 0; i < positional; ++i) {
        TSNode arg = argument(args, static_cast<int>(i), "", text);
        auto exact = model.constant_int(arg, scope);
        dims.push_back(exact && *exact >= 0 ? *exact : -1);
        auto v = model.int_upper_bound(arg, scope);
        if (!v || *v < 0 || __builtin_mul_overflow(total, static_cast<uint64_t>(*v), &total)) known = false;
      }
      if (known) f.elements = total;
      if (!f.has_unpacking) f.shape = std::move(dims);
      break;
    }
    case SF::OptionalShape: {
      TSNode size = argument(args, p.size_pos, p.size_kw, text);
      if ((ts_node_is_null(size) && !f.has_unpacking) || is(strip_parens(size), Kind::None)) {
        f.scalar = true;
        break;
      }
      if (!ts_node_is_null(size)) {
        f.elements = shape_elements(size, model, scope);
        f.shape = shape_dims(size, model, scope);
      }
      break;
    }
    case SF::Num: {
      TSNode num = argument(args, p.size_pos, p.size_kw, text);
      // numpy takes the count as an integer: a float one is a TypeError (NumPy 1.18 and later).
      if (!ts_node_is_null(num) && float_literal_arithmetic(num, text)) f.invalid = !f.has_unpacking;
      if (ts_node_is_null(num)) {
        if (!f.has_unpacking) f.elements = 50;
      } else if (auto v = model.int_upper_bound(num, scope); v && *v >= 0) {
        f.elements = static_cast<uint64_t>(*v);
      }
      // One dimension when the endpoints are numbers (array endpoints add dimensions).
      TSNode start = argument(args, 0, "start", text), stop = argument(args, 1, "stop", text);
      if (!f.has_unpacking && model.constant_number(start, scope) && model.constant_number(stop, scope)) {
        std::optional<int64_t> exact = ts_node_is_null(num) ? std::optional<int64_t>(50) : model.constant_int(num, scope);
        f.shape = std::vector<int64_t>{exact && *exact >= 0 ? *exact : -1};
      }
      break;
    }
    case SF::Arange: {
      // arange(stop) / arange(start, stop[, step]): ceil((stop - start) / step) elements, with
      // integer or float constants; always one dimension.
      if (!f.has_unpacking) f.shape = std::vector<int64_t>{-1};
      {
        // Bounds a constant apart from the same name (`np.arange(m - 1, m + 2)`): at most one
        // more element than the constants give (float rounding of `stop - start` may add one).
        auto offset = [&](TSNode e, std::string_view& base) -> std::optional<double> {
          e = strip_parens(e);
          if (is(e, Kind::Identifier) || is(e, Kind::Attribute)) {
            base = node_text(e, text);
            return 0.0;
          }
          if (!is(e, Kind::BinaryOperator)) return std::nullopt;
          std::string_view op = node_text(child_by_field(e, Field::Operator), text);
          TSNode l = strip_parens(child_by_field(e, Field::Left));
          auto c = model.constant_number(child_by_field(e, Field::Right), scope);
          if ((op != "+" && op != "-") || !c || !(is(l, Kind::Identifier) || is(l, Kind::Attribute)))
            return std::nullopt;
          base = node_text(l, text);
          return op == "+" ? *c : -*c;
        };
        TSNode start = argument(args, 0, "", text), stop = argument(args, 1, "", text);
        TSNode step = argument(args, 2, "", text);
        std::string_view b0, b1;
        std::optional<double> o0 = ts_node_is_null(stop) ? std::nullopt : offset(start, b0);
        std::optional<double> o1 = o0 ? offset(stop, b1) : std::nullopt;
        std::optional<double> st = ts_node_is_null(step) ? std::optional<double>(1.0) : model.constant_number(step, scope);
        if (!f.has_unpacking && o0 && o1 && b0 == b1 && st && *st != 0 && ts_node_is_null(argument(args, 3, "", text))) {
          double count = std::ceil((*o1 - *o0) / *st) + 1;
          if (count < 9e18) f.elements = count > 0 ? static_cast<uint64_t>(count) : 0;
          break;
        }
      }
      std::optional<double> a[3];
      int n = 0;
      bool exact = true;  // a count from bounds is a bound, not an extent
      for (int i = 0; i < 3; ++i) {
        TSNode arg = argument(args, i, "", text);
        if (ts_node_is_null(arg)) break;
        a[i] = model.constant_number(arg, scope);
        if (!a[i]) {
          // An integer stop may still have a static bound (a loop over literal sizes).
          if (i == 0 && !ts_node_is_null(argument(args, 1, "", text))) return f;
          if (auto bound = model.int_upper_bound(arg, scope); bound && (i == 0 || i == 1)) a[i] = static_cast<double>(*bound);
          else return f;
          exact = false;
        }
        ++n;
      }
      if (n == 0) f.invalid = !f.has_unpacking;
      if (f.has_unpacking || n == 0) break;
      double start = n >= 2 ? *a[0] : 0, stop = n >= 2 ? *a[1] : *a[0], step = n == 3 ? *a[2] : 1;
      if (step == 0) break;
      double count = std::ceil((stop - start) / step);
      if (!(count < 9e18)) break;  // also rejects NaN
      f.elements = count > 0 ? static_cast<uint64_t>(count) : 0;
      if (exact) f.shape = std::vector<int64_t>{static_cast<int64_t>(*f.elements)};
      break;
    }
    case SF::Literal: {
      // np.array([...]): the items of a sequence written out in the source. A name inside is one
      // element of an object array (a ragged row); a scalar literal is a 0-d array.
      TSNode data = strip_parens(argument(args, 0, p.size_kw, text));
      // a name bound to a display that nothing has changed by then: `x = ("a", "b")`
      if (TSNode literal = is(data, Kind::Identifier) ? model.literal_sequence(data, scope) : TSNode{};
          is(literal, Kind::List) || is(literal, Kind::Tuple))
        data = literal;
      if (is(data, Kind::List) || is(data, Kind::Tuple) || is(data, Kind::ListComprehension) ||
          joined_displays(data, text) ||
          kind_of(data) == Kind::String ||
          kind_of(data) == Kind::Integer || kind_of(data) == Kind::Float ||
          !ts_node_is_null(repeated_display(data, text).first) || is_scalar_leaf(data, model, scope))
        f.elements = literal_leaves(data, model, scope, /*items_count_once=*/true);
      // The shape of the nesting, unless `ndmin=` adds dimensions or a dtype that is not a plain
      // one (a structured dtype makes each tuple one record) may read it otherwise.
      if (f.elements && ts_node_is_null(argument(args, -1, "ndmin", text)) &&
          (ts_node_is_null(f.dtype_arg) || f.dtype != Dtype::Unknown))
        f.shape = display_shape(data, model, scope);
      break;
    }
  }
  if (p.size == SF::Arguments && !f.elements) {
    // pd.DataFrame({"key": [True, False]}): data written out in the source is small.
    TSNode data = argument(args, 0, "data", text);
    bool frame = p.qualified == "pandas.Series" || p.qualified == "pandas.DataFrame";
    // An index or columns make the shape: pd.Series(0.0, index=rows) has one value per row.
    bool shaped = frame && (f.has_unpacking || !ts_node_is_null(argument(args, 1, "index", text)) ||
                            !ts_node_is_null(argument(args, 2, "columns", text)));
    // Sequences written out fix the length (the index must match); a scalar is repeated.
    TSNode d = strip_parens(data);
    bool sequences = is(d, Kind::List) || is(d, Kind::Tuple) || !ts_node_is_null(repeated_display(d, text).first);
    if (is(d, Kind::Dictionary)) {
      sequences = true;
      for_each_named_child(d, [&](TSNode pair) {
        TSNode v = is(pair, Kind::Pair) ? strip_parens(child_by_field(pair, Field::Value)) : TSNode{};
        if (!is(pair, Kind::Comment)) sequences = is(v, Kind::List) || is(v, Kind::Tuple);
        return sequences;
      });
    }
    if (!shaped || sequences) f.elements = literal_leaves(data, model, scope);
    // A Series holds one element per item of a written-out list, whatever the items are (a name,
    // a Timestamp(...), a list); a name bound once to such a list too, while nothing changes it.
    if (p.qualified == "pandas.Series" && !f.elements && !f.has_unpacking) {
      TSNode literal = model.literal_sequence(d, scope);
      if (is(literal, Kind::List) || is(literal, Kind::Tuple) || is(literal, Kind::Dictionary))
        if (auto items = SemanticModel::literal_items(literal); items && *items >= 0) f.elements = *items;
    }
    // A frame or Series of an array of known shape has its shape (a frame of a 1-d array one
    // column): `DataFrame(np.random.randn(5, 5))`.
    if (frame && !f.elements && !f.has_unpacking && !ts_node_is_null(data)) {
      bool dataframe = p.qualified == "pandas.DataFrame";
      auto shape = model.known_shape(d, scope);
      if (shape && shape->size() == 2 && dataframe) f.shape = shape;
      else if (shape && shape->size() == 1) f.shape = dataframe ? std::vector<int64_t>{shape->front(), 1} : shape;
      if (auto cells = elements_of(f.shape)) f.elements = cells;
      else f.shape.reset();
    }
    // pd.Series(dtype=object): no data and no index is an empty container.
    if (ts_node_is_null(data) && frame && !shaped) f.elements = 0;
    // No data, an index and columns of known lengths: a frame of NaN, one per cell.
    TSNode columns = p.qualified == "pandas.DataFrame" && !f.has_unpacking ? argument(args, 2, "columns", text) : TSNode{};
    if (!f.elements && ts_node_is_null(data) && !ts_node_is_null(columns)) {
      auto rows = model.sequence_length(argument(args, 1, "index", text), scope);
      auto cols = model.sequence_length(columns, scope);
      uint64_t cells = 0;
      if (rows && cols && !__builtin_mul_overflow(*rows, *cols, &cells)) f.elements = cells;
    }
    // A scalar (or a dict of scalars) over an index of known length: one value per row and key.
    TSNode index = frame && !f.has_unpacking ? argument(args, 1, "index", text) : TSNode{};
    if (shaped && !sequences && !ts_node_is_null(index) && ts_node_is_null(argument(args, 2, "columns", text))) {
      auto rows = model.sequence_length(index, scope);
      std::optional<uint64_t> per_row = literal_leaves(data, model, scope);  // a scalar: 1; a dict: its keys
      if (ts_node_is_null(data)) per_row = 1;                                // NaN per row
      uint64_t total = 0;
      if (rows && per_row && !__builtin_mul_overflow(*rows, *per_row, &total)) f.elements = total;
    }
  }
  return f;
}

bool is_view_method(std::string_view m) {
  return m == "reshape" || m == "view" || m == "ravel" || m == "transpose" || m == "swapaxes" || m == "squeeze" ||
         m == "diagonal";
}

// A pandas method that returns a deferred operation on its receiver (`df.groupby(key)`,
// `s.rolling(10)`, `expanding`, `ewm`, `resample`): the object refers to the frame and computes
// nothing until it is aggregated; what it then returns is built from the frame's data.
static bool is_pandas_deferred_method(std::string_view m) {
  return m == "groupby" || m == "rolling" || m == "expanding" || m == "ewm" || m == "resample";
}

std::string format_bytes(uint64_t bytes) {
  static constexpr const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000.0 && u < 5) {
    v /= 1000.0;
    ++u;
  }
  if (u == 0) return fmt::format("~{} B", bytes);
  if (v >= 100.0) return fmt::format("~{:.0f} {}", v, units[u]);
  return fmt::format("~{:.1f} {}", v, units[u]);
}

}  // namespace pml

namespace pml {

bool is_float_dtype(Dtype d) { return d == Dtype::Float64 || d == Dtype::Float32 || d == Dtype::Float16; }
bool is_unsigned_dtype(Dtype d) {
  return d == Dtype::Uint64 || d == Dtype::Uint32 || d == Dtype::Uint16 || d == Dtype::Uint8;
}
bool is_int_dtype(Dtype d) {
  return d == Dtype::Int64 || d == Dtype::Int32 || d == Dtype::Int16 || d == Dtype::Int8 || is_unsigned_dtype(d);
}
bool is_complex_dtype(Dtype d) { return d == Dtype::Complex128 || d == Dtype::Complex64; }

namespace {
constexpr int kMaxValueDepth = 32;

bool is_python_int_literal(TSNode n) {
  n = strip_parens(n);
  if (is(n, Kind::UnaryOperator)) n = strip_parens(child_by_field(n, Field::Argument));
  return is(n, Kind::Integer);
}
// numpy's broadcast of two static shapes (-1: an unknown extent), or nullopt when either number
// of dimensions is unknown or the shapes cannot broadcast.
std::optional<std::vector<int64_t>> broadcast(const std::optional<std::vector<int64_t>>& a,
                                              const std::optional<std::vector<int64_t>>& b) {
  if (!a || !b) return std::nullopt;
  size_t n = std::max(a->size(), b->size());
  std::vector<int64_t> out(n);
  for (size_t k = 1; k <= n; ++k) {
    int64_t x = k <= a->size() ? (*a)[a->size() - k] : 1, y = k <= b->size() ? (*b)[b->size() - k] : 1;
    int64_t d;
    if (x == y) d = x;
    else if (x == 1) d = y;
    else if (y == 1) d = x;
    else if (x < 0) d = y;  // an unknown extent that broadcasts against k > 1 must be k (or fail)
    else if (y < 0) d = x;
    else return std::nullopt;  // mismatched extents: an error at run time
    out[n - k] = d;
  }
  return out;
}

bool is_python_float_literal(TSNode n) {
  n = strip_parens(n);
  if (is(n, Kind::UnaryOperator)) n = strip_parens(child_by_field(n, Field::Argument));
  return is(n, Kind::Float);
}

// The range of an integer dtype.
std::pair<int64_t, int64_t> int_range(Dtype d) {
  switch (d) {
    case Dtype::Int8: return {-128, 127};
    case Dtype::Uint8: return {0, 255};
    case Dtype::Int16: return {-32768, 32767};
    case Dtype::Int32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    case Dtype::Uint16: return {0, 65535};
    case Dtype::Uint32: return {0, std::numeric_limits<uint32_t>::max()};
    case Dtype::Uint64: return {0, std::numeric_limits<int64_t>::max()};  // all a PythonNumber holds
    default: return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  }
}
int float_rank(Dtype d) { return d == Dtype::Float16 ? 1 : d == Dtype::Float32 ? 2 : d == Dtype::Float64 ? 3 : 0; }
// An integer dtype's width: 1 for 8 bits to 4 for 64 bits (0: not an integer dtype).
int int_rank(Dtype d) {
  switch (d) {
    case Dtype::Int8: case Dtype::Uint8: return 1;
    case Dtype::Int16: case Dtype::Uint16: return 2;
    case Dtype::Int32: case Dtype::Uint32: return 3;
    case Dtype::Int64: case Dtype::Uint64: return 4;
    default: return 0;
  }
}


// Methods that return a view of their receiver (numpy basic views).
// The type of `a <op> b` on Python numbers (Scalar facts: Float64 is a float, Int64 an int), or
// Unknown. `right` is b's expression, for `**` whose type depends on the exponent's sign.
Dtype python_arithmetic(Dtype a, Dtype b, std::string_view op, TSNode right, std::string_view text) {
  auto number = [](Dtype d) { return d == Dtype::Float64 || d == Dtype::Int64; };
  if (!number(a) || !number(b)) return Dtype::Unknown;
  bool any_float = a == Dtype::Float64 || b == Dtype::Float64;
  if (op == "+" || op == "-" || op == "*" || op == "%" || op == "//") return any_float ? Dtype::Float64 : Dtype::Int64;
  if (op == "/") return Dtype::Float64;
  if (op == "&" || op == "|" || op == "^" || op == "<<" || op == ">>") return any_float ? Dtype::Unknown : Dtype::Int64;
  if (op == "**") {
    // A float to a fractional power may be complex ((-8.0) ** 0.5); an int to a negative one is a float.
    TSNode r = strip_parens(right);
    bool negative = false;
    if (is(r, Kind::UnaryOperator)) {
      std::string_view sign = node_text(child_by_field(r, Field::Operator), text);
      if (sign != "-" && sign != "+") return Dtype::Unknown;
      negative = sign == "-";
      r = strip_parens(child_by_field(r, Field::Argument));
    }
    if (!is(r, Kind::Integer)) return Dtype::Unknown;
    if (a == Dtype::Float64) return Dtype::Float64;
    return negative ? Dtype::Float64 : Dtype::Int64;
  }
  return Dtype::Unknown;
}

// Whether a call may hand back an existing array instead of a new one: `out=`, `copy=` other than
// True, `mmap_mode=` other than None, a positional argument at `out_pos` (-1: none), or unpacked
// arguments that may hold any of these.
bool may_return_existing(TSNode args, int out_pos, std::string_view text) {
  if (!is(args, Kind::ArgumentList)) return false;  // f(x for x in y)
  int positional = 0;
  bool may = false;
  for_each_named_child(args, [&](TSNode a) {
    switch (kind_of(a)) {
      case Kind::Comment:
        break;
      case Kind::ListSplat:
      case Kind::DictionarySplat:
        may = true;
        break;
      case Kind::KeywordArgument: {
        std::string_view name = node_text(child_by_field(a, Field::Name), text);
        TSNode v = strip_parens(child_by_field(a, Field::Value));
        may = ((name == "out" || name == "mmap_mode") && !is(v, Kind::None)) || (name == "copy" && !is(v, Kind::True));
        break;
      }
      default:
        may = out_pos >= 0 && positional >= out_pos;
        ++positional;
    }
    return !may;
  });
  return may;
}

// Methods whose result is small whatever the receiver (reductions without axis, metadata).
bool is_small_result_method(std::string_view m) {
  return m == "sum" || m == "mean" || m == "max" || m == "min" || m == "std" || m == "var" || m == "any" ||
         m == "all" || m == "argmax" || m == "argmin" || m == "item" || m == "count" || m == "nunique" ||
         m == "head" || m == "tail" || m == "describe" || m == "info" || m == "memory_usage" || m == "median" ||
         m == "keys" || m == "__len__" || m == "get" || m == "readline" || m == "close" || m == "write" ||
         m == "index" || m == "startswith" || m == "endswith" || m == "score" ||
         m == "digest" || m == "hexdigest";  // a hash's (hashlib, hmac): a few bytes
}
// The existing array a call is given to write its result into, when the call returns it: the
// `out` of a numpy ufunc's reduce, accumulate or reduceat (by keyword or position), or an `out=`
// or `*_out=` keyword of any call. Null when there is none, or when it is made in the call
// (`out=np.empty_like(a)` belongs to the result alone).
TSNode output_argument(std::string_view qualified, TSNode args, std::string_view text) {
  if (!is(args, Kind::ArgumentList)) return TSNode{};
  int position = -1;  // a ufunc method's positional `out`
  if (qualified.starts_with("numpy.")) {
    size_t dot = qualified.rfind('.');
    std::string_view method = qualified.substr(dot + 1);
    const Producer* ufunc = find_producer(qualified.substr(0, dot));
    if (ufunc && ufunc->ufunc != Ufunc::None)
      position = method == "reduce" || method == "accumulate" ? 3 : method == "reduceat" ? 4 : -1;
  }
  TSNode out{};
  int index = 0;
  bool positional = true;  // until a keyword or an unpacking
  for_each_named_child(args, [&](TSNode a) {
    if (is(a, Kind::Comment)) return true;
    if (is(a, Kind::KeywordArgument)) {
      positional = false;
      std::string_view name = node_text(child_by_field(a, Field::Name), text);
      if (name == "out" || name.ends_with("_out")) out = child_by_field(a, Field::Value);
    } else if (is(a, Kind::ListSplat) || is(a, Kind::DictionarySplat)) {
      positional = false;
    } else if (positional && index++ == position) {
      out = a;
    }
    return ts_node_is_null(out);
  });
  out = strip_parens(out);
  return is(out, Kind::Identifier) || is(out, Kind::Attribute) || is(out, Kind::Subscript) ? out : TSNode{};
}

// What a `return` statement returns, without parentheses; null for a bare `return` or `return None`.
TSNode returned_value(TSNode return_statement) {
  TSNode value{};
  for_each_named_child(return_statement, [&](TSNode c) {
    if (!is(c, Kind::Comment)) value = c;
    return ts_node_is_null(value);
  });
  value = strip_parens(value);
  return is(value, Kind::None) ? TSNode{} : value;
}

// numpy's (and scipy.linalg's) reductions over the whole array (`np.sum(a)`, `np.linalg.norm(A)`):
// without an axis they return one number, however large their input. `positional` is how many
// positional arguments leave the axis unset (norm's second is `ord`).
bool numpy_reduction_to_scalar(std::string_view q, TSNode args, std::string_view text) {
  static const std::unordered_map<std::string_view, uint32_t> reductions = {
      {"numpy.sum", 1}, {"numpy.mean", 1}, {"numpy.std", 1}, {"numpy.var", 1}, {"numpy.min", 1},
      {"numpy.max", 1}, {"numpy.amin", 1}, {"numpy.amax", 1}, {"numpy.prod", 1}, {"numpy.median", 1},
      {"numpy.average", 1}, {"numpy.nansum", 1}, {"numpy.nanmean", 1}, {"numpy.nanstd", 1},
      {"numpy.nanvar", 1}, {"numpy.nanmax", 1}, {"numpy.nanmin", 1}, {"numpy.nanmedian", 1},
      {"numpy.ptp", 1}, {"numpy.count_nonzero", 1}, {"numpy.argmax", 1}, {"numpy.argmin", 1},
      {"numpy.any", 1}, {"numpy.all", 1}, {"numpy.allclose", 4}, {"numpy.array_equal", 3},
      {"numpy.vdot", 2}, {"numpy.linalg.norm", 2}, {"numpy.linalg.det", 1},
      {"numpy.linalg.matrix_rank", 1}, {"numpy.trace", 1}, {"scipy.linalg.norm", 2}, {"scipy.linalg.det", 1},
  };
  auto it = reductions.find(q);
  if (it == reductions.end() || !is(args, Kind::ArgumentList)) return false;
  ArgumentShape shape = argument_shape(args);
  if (shape.unpacking || shape.positional > it->second) return false;
  return ts_node_is_null(argument(args, -1, "axis", text)) && ts_node_is_null(argument(args, -1, "out", text));
}

// pandas' nan-aware reductions (`nanops.nanvar(values, skipna=False)`) without an axis: one number.
bool pandas_nanop_to_scalar(std::string_view q, TSNode args, std::string_view text) {
  static const std::unordered_set<std::string_view> reductions = {
      "pandas.core.nanops.nansum",  "pandas.core.nanops.nanmean", "pandas.core.nanops.nanmedian",
      "pandas.core.nanops.nanvar",  "pandas.core.nanops.nanstd",  "pandas.core.nanops.nansem",
      "pandas.core.nanops.nanmin",  "pandas.core.nanops.nanmax",  "pandas.core.nanops.nanprod",
      "pandas.core.nanops.nanskew", "pandas.core.nanops.nankurt", "pandas.core.nanops.nanany",
      "pandas.core.nanops.nanall",  "pandas.core.nanops.nanargmax", "pandas.core.nanops.nanargmin"};
  if (!reductions.count(q) || !is(args, Kind::ArgumentList)) return false;
  ArgumentShape shape = argument_shape(args);
  if (shape.unpacking || shape.positional > 1) return false;  // axis may come second
  return ts_node_is_null(argument(args, -1, "axis", text));
}

// scikit-learn's metrics (`sklearn.metrics.r2_score`, `mean_absolute_error`, `log_loss`, ...)
// return one number, unless asked for one per output or class (`multioutput="raw_values"` or an
// array of weights, `average=None`).
bool sklearn_metric_to_scalar(std::string_view q, TSNode args, std::string_view text) {
  if (!q.starts_with("sklearn.metrics.") || !is(args, Kind::ArgumentList)) return false;
  std::string_view name = q.substr(q.rfind('.') + 1);
  if (name.starts_with("_") || !(name.ends_with("_score") || name.ends_with("_error") || name.ends_with("_loss") ||
                                 name.ends_with("_deviance")))
    return false;
  if (argument_shape(args).unpacking) return false;
  TSNode multioutput = argument(args, -1, "multioutput", text);
  if (!ts_node_is_null(multioutput)) {
    auto value = literal_string_content(multioutput, text);
    if (!value || *value == "raw_values") return false;
  }
  TSNode average = argument(args, -1, "average", text);
  return ts_node_is_null(average) || is(strip_parens(average), Kind::String);
}

}  // namespace

std::string_view kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::NDArray: return "ndarray";
    case ValueKind::DataFrame: return "DataFrame";
    case ValueKind::Series: return "Series";
    case ValueKind::List: return "list";
    case ValueKind::Tuple: return "tuple";
    case ValueKind::Dict: return "dict";
    case ValueKind::Set: return "set";
    case ValueKind::Tensor: return "tensor";
    case ValueKind::File: return "file";
    case ValueKind::String: return "str";
    case ValueKind::Scalar: return "scalar";
    case ValueKind::Range: return "range";
    case ValueKind::Generator: return "Generator";
    case ValueKind::Pool: return "Pool";
    case ValueKind::Executor: return "Executor";
    case ValueKind::Manager: return "Manager";
    case ValueKind::Proxy: return "Manager proxy";
    case ValueKind::Iterator: return "iterator";
    case ValueKind::Unknown: break;
  }
  return "unknown";
}

std::optional<uint64_t> ValueFacts::bytes() const {
  if (!elements) return std::nullopt;
  uint64_t per = kind == ValueKind::List || kind == ValueKind::Tuple || kind == ValueKind::Set ? 32 : dtype_itemsize(dtype);
  if (per == 0) return std::nullopt;
  uint64_t out = 0;
  if (__builtin_mul_overflow(*elements, per, &out)) return std::nullopt;
  return out;
}


namespace {
// numpy's kinds in promotion order: bool < integer < float < complex (0 for object or unknown).
int category(Dtype d) {
  if (d == Dtype::Bool) return 1;
  if (is_int_dtype(d)) return 2;
  if (is_float_dtype(d)) return 3;
  if (is_complex_dtype(d)) return 4;
  return 0;
}
// Two bools: numpy has `+`, `*` and the bitwise operators in bool, the others in int8
// (`np.array([True]) // True` is int8), and no `-` (a TypeError).
Dtype bool_with_bool(std::string_view op) {
  if (op == "-") return Dtype::Unknown;
  if (op == "//" || op == "%" || op == "**" || op == "<<" || op == ">>") return Dtype::Int8;
  return Dtype::Bool;
}
}  // namespace

Dtype promote(Dtype a, Dtype b, std::string_view op) {
  if (a == Dtype::Unknown || b == Dtype::Unknown) return Dtype::Unknown;
  if (a == Dtype::Object || b == Dtype::Object) return Dtype::Unknown;
  if (op == "/" && category(a) <= 2 && category(b) <= 2) return Dtype::Float64;  // true division of ints
  if (category(a) < category(b)) std::swap(a, b);  // `a` of the higher kind
  switch (category(a)) {
    case 4: {
      // complex64 holds what float32 holds: with a dtype that promotes with float32 to float32
      // (bool, int8 to int16, uint8 to uint16, float16, float32, complex64) it stays complex64.
      if (a == Dtype::Complex128 || b == Dtype::Complex128) return Dtype::Complex128;
      Dtype real = b == Dtype::Complex64 ? Dtype::Float32 : promote(Dtype::Float32, b, "+");
      return real == Dtype::Float32 ? Dtype::Complex64 : Dtype::Complex128;
    }
    case 3:
      if (is_float_dtype(b)) return float_rank(a) >= float_rank(b) ? a : b;
      if (b == Dtype::Bool) return a;
      // An int needs a float with more mantissa bits than it has: int8 and uint8 fit float16,
      // int16 and uint16 float32, the wider ones float64.
      if (int_rank(b) >= 3) return Dtype::Float64;
      if (int_rank(b) == 2) return a == Dtype::Float16 ? Dtype::Float32 : a;
      return a;
    case 2:
      if (b == Dtype::Bool || a == b) return a;
      if (is_unsigned_dtype(a) != is_unsigned_dtype(b)) {
        // An unsigned int with a signed one: the signed one when it is wider, else a signed int
        // twice as wide as the unsigned one, and float64 for uint64, which no int holds.
        Dtype signed_one = is_unsigned_dtype(a) ? b : a, unsigned_one = is_unsigned_dtype(a) ? a : b;
        if (int_rank(signed_one) > int_rank(unsigned_one)) return signed_one;
        switch (int_rank(unsigned_one)) {
          case 1: return Dtype::Int16;
          case 2: return Dtype::Int32;
          case 3: return Dtype::Int64;
          default: return Dtype::Float64;
        }
      }
      return int_rank(a) >= int_rank(b) ? a : b;
    case 1: return bool_with_bool(op);
    default: return Dtype::Unknown;
  }
}

bool number_fits(Dtype a, const PythonNumber& n) {
  if (a == Dtype::Float64 || a == Dtype::Complex128 || n.kind == PythonNumber::Bool) return true;
  if (is_int_dtype(a)) {
    if (n.kind == PythonNumber::Float) return false;
    auto [lo, hi] = int_range(a);
    return n.i >= lo && n.i <= hi;
  }
  if (is_float_dtype(a) || a == Dtype::Complex64) {  // complex64's parts are float32
    if (n.kind == PythonNumber::Float) {
      if (!std::isfinite(n.f)) return false;
      return std::fabs(n.f) < (a == Dtype::Float16 ? 65000.0 : 3.4e38);
    }
    return a == Dtype::Float16 ? n.i >= -128 && n.i <= 255 : n.i >= -32768 && n.i <= 65535;
  }
  return false;
}

Dtype promote_number(Dtype a, std::string_view op, const PythonNumber& n) {
  if (a == Dtype::Unknown || a == Dtype::Object) return Dtype::Unknown;
  bool int_like = n.kind != PythonNumber::Float;
  if (op == "/" && category(a) <= 2 && int_like) return Dtype::Float64;
  // The lowest kind: the array's dtype wins in both, but for two bools numpy's arithmetic.
  if (n.kind == PythonNumber::Bool) return a == Dtype::Bool ? bool_with_bool(op) : a;
  // A number of a higher kind than the array: both promote with Python's own type (int64, float64).
  if (a == Dtype::Bool) return n.kind == PythonNumber::Int ? Dtype::Int64 : Dtype::Float64;
  if (is_int_dtype(a) && n.kind == PythonNumber::Float) return Dtype::Float64;
  // Of the array's kind or lower: NumPy 2 keeps the array's dtype, NumPy 1.x only when the value
  // fits it (`int8 + 1000` is int16 there, and an OverflowError in NumPy 2).
  return number_fits(a, n) ? a : Dtype::Unknown;
}

Dtype promote_scalar(Dtype a, std::string_view op, Dtype s) {
  Dtype as_array = promote(a, s, op);
  if (as_array == Dtype::Unknown) return Dtype::Unknown;
  // A scalar of a higher kind than the array promotes as an array would, in both.
  if (category(s) > category(a)) {
    // A Python number of unknown value: an int or float (or bool) of a higher kind than the array
    // promotes with int64 or float64 in both; s is that type already.
    return as_array;
  }
  // Of the array's kind or lower: NumPy 1.x weighs the value (between `a` and `as_array`), NumPy 2
  // gives `as_array` for a numpy scalar and `a` for a Python number. Only `a == as_array` holds
  // for every value and either kind of number.
  if (op == "/" && category(a) <= 2) return as_array;  // float64 for every int or bool
  return as_array == a ? a : Dtype::Unknown;
}

bool may_have_dtype(const ValueFacts& f, Dtype d) {
  if (d == Dtype::Unknown || d == Dtype::Object) return true;
  if (f.dtype != Dtype::Unknown) return f.dtype == d;
  if (f.floor == Dtype::Unknown) return true;
  return promote(f.floor, d, "+") == d;
}

namespace {
// The dtype a value's is promoted from, as ValueFacts::floor: its dtype when known.
Dtype floor_of(const ValueFacts& f) { return f.dtype != Dtype::Unknown ? f.dtype : f.floor; }
// The least floor of the kind of `d` (Float16 for a floating dtype, Complex64 for a complex one):
// what survives numpy's promotion with another operand whatever that operand's width or value
// (NumPy 1.x weighs a scalar's value within a kind, never across kinds). Unknown otherwise.
Dtype kind_floor(Dtype d) {
  if (is_float_dtype(d)) return Dtype::Float16;
  if (is_complex_dtype(d)) return Dtype::Complex64;
  return Dtype::Unknown;
}
// A value promoted from both `a` and `b` is promoted from their promotion.
Dtype join_floors(Dtype a, Dtype b) {
  if (a == Dtype::Unknown) return b;
  if (b == Dtype::Unknown) return a;
  Dtype p = promote(a, b, "+");
  return p != Dtype::Unknown ? p : a;
}
bool is_arithmetic_operator(std::string_view op) {
  return op == "+" || op == "-" || op == "*" || op == "/" || op == "//" || op == "%" || op == "**";
}
}  // namespace

ValueAnalyzer::ValueAnalyzer(const SemanticModel& model, std::string_view text, uint64_t min_bytes)
    : model_(model), text_(text), min_bytes_(min_bytes), cache_(model.bindings().size()),
      in_progress_(model.bindings().size(), false) {
  model_.set_array_shapes(this);
}

ValueAnalyzer::~ValueAnalyzer() {
  if (model_.array_shapes() == this) model_.set_array_shapes(nullptr);
}

const ValueAnalyzer::MetadataChanges& ValueAnalyzer::metadata_changes(uint32_t id) const {
  if (metadata_.empty()) metadata_.resize(model_.bindings().size());
  std::optional<MetadataChanges>& slot = metadata_[id];
  if (slot) return *slot;
  MetadataChanges c;
  for (uint32_t r : model_.references_of(id)) {
    const Reference& ref = model_.references()[r];
    if (!is(ref.parent, Kind::Attribute) || !ts_node_eq(child_by_field(ref.parent, Field::Object), ref.node)) continue;
    std::string_view attribute = node_text(child_by_field(ref.parent, Field::AttributeField), text_);
    bool called = is(ref.grandparent, Kind::Call) && ts_node_eq(child_by_field(ref.grandparent, Field::Function), ref.parent);
    bool stored = (is(ref.grandparent, Kind::Assignment) || is(ref.grandparent, Kind::AugmentedAssignment)) &&
                  ts_node_eq(child_by_field(ref.grandparent, Field::Left), ref.parent);
    if (attribute == "resize" && called) c.shape = c.size = true;
    if ((attribute == "shape" || attribute == "strides") && stored) c.shape = true;
    if (attribute == "dtype" && stored) c.shape = c.size = c.dtype = true;
    if (attribute == "setflags" && called) c.flags = true;
  }
  slot = c;
  return *slot;
}

bool ValueAnalyzer::some_binding_reshaped(const std::vector<uint32_t>& bindings) const {
  auto [it, added] = history_reshaped_.try_emplace(&bindings, false);
  if (added)
    it->second = std::any_of(bindings.begin(), bindings.end(), [&](uint32_t id) { return metadata_changes(id).shape; });
  return it->second;
}

std::optional<ValueFacts> ValueAnalyzer::array_facts(TSNode expr, uint32_t scope) const {
  // A name with one value where it is read, as constant_int takes a name: bound once in its scope
  // (or by the statement before the read in the same block), to an array.
  TSNode n = strip_parens(expr);
  if (shape_nesting_ >= kMaxShapeNesting) return std::nullopt;
  const Binding* b = model_.assigned_value(n, scope);
  // `a.resize(...)`, `a.shape = ...` and the like change the shape in place.
  if (!b) {
    // A name that may hold one of several values (whose facts are those of all of them, see
    // of_expression), or any other expression whose facts know it: `a[1:-7]`, `a.reshape(8, 8)`.
    if (is(n, Kind::Identifier)) {
      const Binding* last = model_.resolve(node_text(n, text_), scope, ts_node_start_byte(n));
      if (!last) return std::nullopt;
      if (some_binding_reshaped(model_.bindings_of(last->name, last->scope))) return std::nullopt;
    }
    ++shape_nesting_;
    ValueFacts f = of_expression(n, scope);
    --shape_nesting_;
    if (f.kind != ValueKind::NDArray) return std::nullopt;
    return f;
  }
  uint32_t id = static_cast<uint32_t>(b - model_.bindings().data());
  if (metadata_changes(id).shape) return std::nullopt;
  // The facts may ask for other shapes (`b = np.zeros(a.shape)`): a chain of those is cut short,
  // as the depth limit cuts of_expression.
  ++shape_nesting_;
  const ValueFacts& f = of_binding(id);
  --shape_nesting_;
  if (f.kind == ValueKind::DataFrame || f.kind == ValueKind::Series) {
    if (!f.shape || frame_changed_in_place(id)) return std::nullopt;
    return f;
  }
  if (f.kind != ValueKind::NDArray) return std::nullopt;
  return f;
}

bool ValueAnalyzer::flags_changed(uint32_t id) const { return metadata_changes(id).flags; }

bool ValueAnalyzer::frame_changed_in_place(uint32_t id) const {
  // A frame gains rows or columns through `df[k] = v`, `.loc`/`.at` (enlargement), `del df[k]`,
  // insert()/pop()/update() and any method given `inplace=`; the name rebound (`df += ...`) is
  // another binding.
  for (uint32_t r : model_.references_of(id)) {
    const Reference& ref = model_.references()[r];
    if (is(ref.parent, Kind::DeleteStatement) || is(ref.grandparent, Kind::DeleteStatement)) return true;
    if (is(ref.parent, Kind::Subscript) && ts_node_eq(child_by_field(ref.parent, Field::Value), ref.node)) {
      Kind gk = kind_of(ref.grandparent);
      if ((gk == Kind::Assignment || gk == Kind::AugmentedAssignment) &&
          ts_node_start_byte(child_by_field(ref.grandparent, Field::Right)) > ts_node_end_byte(ref.parent))
        return true;  // a store (on the left, or a target of a chained or unpacked assignment)
      if (gk == Kind::PatternList || gk == Kind::TuplePattern || gk == Kind::ExpressionList) return true;
    }
    if (!is(ref.parent, Kind::Attribute)) continue;
    std::string_view member = node_text(child_by_field(ref.parent, Field::AttributeField), text_);
    static const std::unordered_set<std::string_view> kChanging = {"insert", "pop", "update", "__setitem__",
                                                                   "__delitem__"};
    if (kChanging.count(member)) return true;
    if (member == "loc" || member == "iloc" || member == "at" || member == "iat") {
      // `df.loc[k] = v` may add a row; a read (`df.loc[:, [0]]`) changes nothing. The indexer
      // itself kept or handed on may be used for anything.
      if (!is(ref.grandparent, Kind::Subscript)) return true;
      TSNode above = parent_of(ref.grandparent);
      Kind ak = kind_of(above);
      if (((ak == Kind::Assignment || ak == Kind::AugmentedAssignment) &&
           ts_node_start_byte(child_by_field(above, Field::Right)) > ts_node_end_byte(ref.grandparent)) ||
          ak == Kind::PatternList || ak == Kind::TuplePattern || ak == Kind::ExpressionList ||
          ak == Kind::DeleteStatement)
        return true;
    }
    if (is(ref.grandparent, Kind::Call) && !ts_node_is_null(argument(child_by_field(ref.grandparent, Field::Arguments),
                                                                      -1, "inplace", text_)))
      return true;
  }
  return false;
}

std::optional<std::vector<int64_t>> ValueAnalyzer::known_shape(TSNode expr, uint32_t scope) const {
  auto f = array_facts(expr, scope);
  if (!f || !f->shape) return std::nullopt;
  for (int64_t extent : *f->shape)
    if (extent < 0) return std::nullopt;
  return f->shape;
}

std::optional<uint64_t> ValueAnalyzer::element_bound(TSNode expr, uint32_t scope) const {
  // `if len(x) == 0:` bounds `x` below it, whatever `x` was bound to.
  if (model_.empty_by_guard(strip_parens(expr), scope)) return 0;
  auto f = array_facts(expr, scope);
  return f ? f->elements : std::nullopt;
}

bool ValueAnalyzer::may_be_large(uint32_t binding) const {
  if (may_be_large_.empty()) compute_may_be_large();
  return may_be_large_[binding];
}

void ValueAnalyzer::compute_may_be_large() const {
  // Where largeness starts (see of_expression_uncached and of_call): a call of a producer, found
  // by the qualified name of an import's or a builtin's attribute chain; a method of a receiver
  // that a producer made; a sequence multiplied by a count. Everything else only passes it on
  // from the values it reads.
  // Producers that only pass it on: those as large as their arguments (list, np.concatenate,
  // pd.concat), and iterators and wrappers that never are (zip, functools.partial). One sized by a
  // literal written in the call (np.array([...])) counts at most one element per character of
  // it, 16 bytes each.
  auto starts_largeness = [&](const Producer& p, uint32_t start, uint32_t end) {
    if (p.size == SizeFrom::Arguments) return false;
    if (p.size == SizeFrom::Literal) return uint64_t{end - start} * 16 >= min_bytes_;
    if (p.size == SizeFrom::Unknown && !p.large_when_unknown &&
        (p.kind == ValueKind::Iterator || p.kind == ValueKind::Unknown))
      return false;
    return true;
  };
  // What an import's or a builtin's name may call: the qualified name its whole attribute chain names,
  // through parentheses (`np` in `(np).random.rand(n)`: numpy.random.rand), as producer_of asks
  // the model. A name or a chain under an attribute is its object: the name after the dot is never
  // a reference. The walk gave the first two ancestors.
  auto chain_name = [&](const Reference& ref, uint32_t scope) -> const std::string& {
    TSNode top = ref.node, up = ref.parent, above = ref.grandparent;
    while (is(up, Kind::Attribute) || is(up, Kind::ParenthesizedExpression)) {
      top = up;
      up = ts_node_is_null(above) ? parent_of(up) : above;
      above = TSNode{};
    }
    return model_.qualified_name(top, scope);
  };
  const auto& bindings = model_.bindings();
  const auto& refs = model_.references();
  may_be_large_.assign(bindings.size(), false);
  std::vector<std::pair<uint32_t, uint32_t>> edges;  // (read binding, binding whose value reads it)
  std::vector<uint32_t> work;
  auto mark = [&](uint32_t b) {
    if (!may_be_large_[b]) {
      may_be_large_[b] = true;
      work.push_back(b);
    }
  };
  for (uint32_t b = 0; b < bindings.size(); ++b) {
    const Binding& binding = bindings[b];
    switch (binding.kind) {
      case BindingKind::AugmentedAssignment:
        // `a += v` keeps the previous value's facts (of_binding_at); any binding of the name may be it.
        for (uint32_t other : model_.bindings_of(binding.name, binding.scope))
          if (other != b) edges.emplace_back(other, b);
        continue;
      case BindingKind::Assignment:
      case BindingKind::NamedExpr:
      case BindingKind::WithTarget:
        break;
      default:
        continue;  // parameters, loop targets, imports, definitions, ...: of_binding_at never finds them large
    }
    if (ts_node_is_null(binding.value)) continue;
    uint32_t start = ts_node_start_byte(binding.value), end = ts_node_end_byte(binding.value);
    if (text_.substr(start, end - start).find('*') != std::string_view::npos) {
      mark(b);
      continue;
    }
    auto [first, last] = model_.references_within(start, end);
    for (uint32_t r = first; r < last && !may_be_large_[b]; ++r) {
      const Reference& ref = refs[r];
      int32_t read = ref.binding;
      if (read < 0) {
        // The analyzer resolves a name the model left unresolved again, in the binding's scope.
        const Binding* found = model_.resolve(ref.name, binding.scope, ts_node_start_byte(ref.node));
        if (found) read = static_cast<int32_t>(found - bindings.data());
      }
      if (read >= 0 && bindings[read].kind != BindingKind::Import && bindings[read].kind != BindingKind::FromImport) {
        edges.emplace_back(static_cast<uint32_t>(read), b);
        continue;
      }
      // An import, a builtin or an unknown name: only a producer call starts a large value, or
      // np.r_[...] (concatenated_r), which may be a long range.
      const std::string& q = chain_name(ref, binding.scope);
      const Producer* p = find_producer(q);
      if ((p && starts_largeness(*p, start, end)) || q == "numpy.r_") mark(b);
    }
  }
  // What reads a possibly large value may be large too.
  std::sort(edges.begin(), edges.end());
  while (!work.empty()) {
    uint32_t b = work.back();
    work.pop_back();
    auto it = std::lower_bound(edges.begin(), edges.end(), std::pair<uint32_t, uint32_t>(b, 0));
    for (; it != edges.end() && it->first == b; ++it) mark(it->second);
  }
}

bool ValueAnalyzer::large_size(std::optional<uint64_t> bytes, bool unknown) const {
  return bytes ? *bytes >= min_bytes_ : unknown;
}

// Memos hold answers stamped with the depth they were computed at: 0 when nothing cut them short
// (valid everywhere), else that depth (valid for questions asked there or deeper).
template <typename T, typename Compute>
T ValueAnalyzer::remembered(Memo<T>& memo, NodeInScope key, int depth, Compute compute) const {
  auto it = memo.find(key);
  if (it != memo.end() && depth >= it->second.depth) {
    if (it->second.depth > 0) ++truncations_;  // a cut answer passes its cut on
    return it->second.value;
  }
  uint64_t before = truncations_;
  T value = compute();
  memo[key] = {value, truncations_ == before ? 0 : std::max(depth, 1)};
  return value;
}

ValueFacts ValueAnalyzer::of_expression(TSNode expr, uint32_t scope) const { return of_expression_at(expr, scope, 0); }

ValueFacts ValueAnalyzer::of_expression_at(TSNode expr, uint32_t scope, int depth) const {
  if (ts_node_is_null(expr)) return {};
  if (depth > kMaxValueDepth) {
    ++truncations_;
    return {};
  }
  // Remembered at every depth, so that nested calls (`np.abs(np.abs(...))`, each evaluating its
  // arguments more than once) cost linear time. An answer that the depth limit or a cycle cut short
  // depends on the depth it was asked at: it answers questions asked at that depth or deeper, and
  // passes the cut on to whoever uses it.
  // Names and literals are cheap to answer (a name's facts are its binding's, kept per binding):
  // not remembering them keeps the memo small.
  switch (kind_of(expr)) {
    case Kind::Identifier: case Kind::Integer: case Kind::Float: case Kind::String: case Kind::True:
    case Kind::False: case Kind::None:
      return of_expression_uncached(expr, scope, depth);
    default:
      break;
  }
  return remembered(expression_memo_, NodeInScope{expr.id, scope}, depth,
                    [&] { return of_expression_uncached(expr, scope, depth); });
}

const ValueFacts& ValueAnalyzer::of_binding(uint32_t binding) const { return of_binding_at(binding, 0); }

ValueFacts ValueAnalyzer::of_name(TSNode identifier) const {
  int32_t b = model_.binding_of_node(identifier);
  return b >= 0 ? of_binding(static_cast<uint32_t>(b)) : ValueFacts{};
}

std::optional<std::vector<int64_t>> ValueAnalyzer::stacked_shape(std::string_view q, TSNode args, uint32_t scope,
                                                                 int depth) const {
  bool column = q == "numpy.column_stack", stack = q == "numpy.stack", vstack = q == "numpy.vstack",
       hstack = q == "numpy.hstack", concatenate = q == "numpy.concatenate";
  if (!column && !stack && !vstack && !hstack && !concatenate) return std::nullopt;
  // The pieces: a list or tuple display of arrays whose every extent is known.
  TSNode pieces = strip_parens(argument(args, 0, stack ? "arrays" : concatenate ? "" : "tup", text_));
  if (!is(pieces, Kind::List) && !is(pieces, Kind::Tuple)) return std::nullopt;
  std::vector<std::vector<int64_t>> shapes;
  bool known = true;
  for_each_named_child(pieces, [&](TSNode piece) {
    if (is(piece, Kind::Comment)) return true;
    ValueFacts pf = of_expression_at(piece, scope, depth + 1);
    known = pf.kind == ValueKind::NDArray && pf.shape && !pf.shape->empty() &&
            std::all_of(pf.shape->begin(), pf.shape->end(), [](int64_t e) { return e >= 0; });
    if (known) shapes.push_back(*pf.shape);
    return known;
  });
  if (!known || shapes.empty()) return std::nullopt;
  // The axis, when the function takes one: a constant int, or None (concatenate flattens).
  int64_t axis = 0;
  bool flatten = false;
  if (stack || concatenate) {
    TSNode a = argument(args, 1, "axis", text_);
    if (!ts_node_is_null(a)) {
      if (concatenate && is(strip_parens(a), Kind::None)) {
        flatten = true;
      } else {
        auto n = model_.constant_int(a, scope);
        if (!n) return std::nullopt;
        axis = *n;
      }
    }
  }
  if (flatten) {
    uint64_t total = 0;
    for (const auto& s : shapes) {
      auto e = elements_of(s);
      if (!e || __builtin_add_overflow(total, *e, &total) || total > static_cast<uint64_t>(INT64_MAX))
        return std::nullopt;
    }
    return std::vector<int64_t>{static_cast<int64_t>(total)};
  }
  // Each function as numpy states it: the pieces brought to a common number of dimensions, then
  // joined along one axis (np.stack adds a new one), every other extent equal.
  size_t ndim = shapes[0].size();
  for (const auto& s : shapes) {
    if (column && s.size() == 1) continue;
    if (s.size() != ndim && !(column && ndim == 1)) return std::nullopt;
  }
  if (column) {
    // 1-d pieces become columns (n, 1); pieces of two or more dimensions join along axis 1.
    for (auto& s : shapes)
      if (s.size() == 1) s.push_back(1);
    axis = 1;
  } else if (vstack) {
    for (auto& s : shapes)
      if (s.size() == 1) s.insert(s.begin(), 1);  // (n,) -> (1, n)
    axis = 0;
  } else if (hstack) {
    axis = ndim == 1 ? 0 : 1;
  }
  ndim = shapes[0].size();
  for (const auto& s : shapes)
    if (s.size() != ndim) return std::nullopt;
  if (stack) {
    // Equal shapes, and a new axis of len(pieces) at `axis` (from -(ndim + 1) to ndim).
    for (const auto& s : shapes)
      if (s != shapes[0]) return std::nullopt;
    int64_t n = static_cast<int64_t>(ndim) + 1;
    if (axis < -n || axis >= n) return std::nullopt;
    if (axis < 0) axis += n;
    std::vector<int64_t> out = shapes[0];
    out.insert(out.begin() + axis, static_cast<int64_t>(shapes.size()));
    return out;
  }
  int64_t n = static_cast<int64_t>(ndim);
  if (axis < -n || axis >= n) return std::nullopt;
  if (axis < 0) axis += n;
  std::vector<int64_t> out = shapes[0];
  out[axis] = 0;
  for (const auto& s : shapes) {
    for (size_t k = 0; k < ndim; ++k)
      if (static_cast<int64_t>(k) != axis && s[k] != out[k]) return std::nullopt;
    out[axis] += s[axis];
  }
  return out;
}

std::optional<std::vector<int64_t>> ValueAnalyzer::view_shape(std::string_view method, TSNode args,
                                                              const ValueFacts& receiver, uint32_t scope) const {
  // The shape of a view when the receiver's is known: `.ravel()` is flat, `.transpose()` and `.T`
  // reverse it, `.reshape(8, 8)` and `.reshape((-1, 1))` take theirs (one -1 is inferred).
  auto elements = elements_of(receiver.shape);
  if (!receiver.shape || !elements) return std::nullopt;
  if (method == "ravel") return std::vector<int64_t>{static_cast<int64_t>(*elements)};
  auto positional = positional_arguments(args);
  if (!positional) return std::nullopt;
  if (method == "T" || (method == "transpose" && positional->empty())) {
    std::vector<int64_t> reversed(receiver.shape->rbegin(), receiver.shape->rend());
    return reversed;
  }
  if (method != "reshape" || positional->empty()) return std::nullopt;
  std::vector<TSNode> dims = *positional;
  if (dims.size() == 1) {
    TSNode only = strip_parens(dims[0]);
    if (is(only, Kind::Tuple) || is(only, Kind::List)) {
      dims.clear();
      for_each_named_child(only, [&](TSNode c) {
        if (!is(c, Kind::Comment)) dims.push_back(c);
        return true;
      });
    }
  }
  std::vector<int64_t> shape;
  int64_t known = 1;
  int inferred = -1;
  for (TSNode d : dims) {
    auto v = model_.constant_int(d, scope);
    if (!v || *v < -1 || (*v == -1 && inferred >= 0)) return std::nullopt;
    if (*v == -1) inferred = static_cast<int>(shape.size());
    else if (__builtin_mul_overflow(known, *v, &known)) return std::nullopt;
    shape.push_back(*v);
  }
  int64_t total = static_cast<int64_t>(*elements);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0) return std::nullopt;
    shape[static_cast<size_t>(inferred)] = total / known;
  } else if (known != total) {
    return std::nullopt;  // a ValueError at run time
  }
  return shape;
}

ValueFacts ValueAnalyzer::same_array(TSNode given, const ValueFacts& a, bool whole) const {
  ValueFacts f;
  f.kind = a.kind;
  f.dtype = a.dtype;
  if (whole) {
    f.shape = a.shape;
    f.elements = a.elements;
  }
  // Not an allocation, but as large as what it shows (a copy of it is large too).
  f.is_view = true;
  f.view_base = view_base_of(given, a);
  f.large = a.large;
  return f;
}

int32_t ValueAnalyzer::view_base_of(TSNode expr, const ValueFacts& facts) const {
  if (facts.is_view) return facts.view_base;
  return is(expr, Kind::Identifier) ? model_.binding_of_node(expr) : -1;
}

Dtype ValueAnalyzer::operation_dtype(const ValueFacts& array, TSNode other, const ValueFacts& other_facts,
                                     std::string_view op, uint32_t scope) const {
  if (auto n = python_number(other, scope)) return promote_number(array.dtype, op, *n);
  // A literal whose value is not read here (an int beyond int64) is a Python number all the same.
  if (is_python_int_literal(other)) return promote_scalar(array.dtype, op, Dtype::Int64);
  if (is_python_float_literal(other)) return promote_scalar(array.dtype, op, Dtype::Float64);
  if (other_facts.kind == ValueKind::Scalar) return promote_scalar(array.dtype, op, other_facts.dtype);
  return promote(array.dtype, other_facts.dtype, op);
}

bool ValueAnalyzer::may_be_numpy_scalar(TSNode n, uint32_t scope, int depth) const {
  n = strip_parens(n);
  if (ts_node_is_null(n)) return false;
  if (depth > 8) return true;
  if (is(n, Kind::Call)) {
    const std::string& q = model_.qualified_name(child_by_field(n, Field::Function), scope);
    if (q.rfind("numpy.", 0) == 0) return true;
    if (q == "builtins.int" || q == "builtins.len" || q == "builtins.float" || q == "builtins.bool") return false;
    return may_be_numpy_scalar(child_by_field(n, Field::Arguments), scope, depth + 1);
  }
  if (is(n, Kind::Identifier)) {
    // The binding the read resolves to, as constant_int follows it.
    const Binding* b = model_.resolve(node_text(n, text_), scope, ts_node_start_byte(n));
    return b && !ts_node_is_null(b->value) && may_be_numpy_scalar(b->value, b->scope, depth + 1);
  }
  bool found = false;
  for_each_named_child(n, [&](TSNode c) {
    found = may_be_numpy_scalar(c, scope, depth + 1);
    return !found;
  });
  return found;
}

std::optional<PythonNumber> ValueAnalyzer::python_number(TSNode n, uint32_t scope) const {
  n = strip_parens(n);
  if (may_be_numpy_scalar(n, scope)) return std::nullopt;
  if (is(n, Kind::True) || is(n, Kind::False)) {
    PythonNumber out;
    out.kind = PythonNumber::Bool;
    out.i = is(n, Kind::True) ? 1 : 0;
    return out;
  }
  if (auto v = model_.constant_int(n, scope)) {
    PythonNumber out;
    out.i = *v;
    return out;
  }
  // A float literal (with a sign), or a name bound once to one.
  auto float_value = [&](TSNode literal, uint32_t literal_scope) -> std::optional<PythonNumber> {
    if (!is_python_float_literal(literal)) return std::nullopt;
    auto v = model_.constant_number(literal, literal_scope);
    if (!v) return std::nullopt;  // complex (`1j`), or an operator other than a sign
    PythonNumber out;
    out.kind = PythonNumber::Float;
    out.f = *v;
    return out;
  };
  if (auto f = float_value(n, scope)) return f;
  if (is(n, Kind::Identifier)) {
    const Binding* b = model_.resolve(node_text(n, text_), scope, ts_node_start_byte(n));
    if (!b || b->kind != BindingKind::Assignment || ts_node_is_null(b->value)) return std::nullopt;
    if (model_.bindings_of(b->name, b->scope).size() != 1) return std::nullopt;
    return float_value(b->value, b->scope);
  }
  return std::nullopt;
}

bool ValueAnalyzer::integer_index_at(TSNode index, uint32_t scope, int depth) const {
  TSNode e = strip_parens(index);
  if (is(e, Kind::Integer) ||
      (is(e, Kind::UnaryOperator) && is(strip_parens(child_by_field(e, Field::Argument)), Kind::Integer)))
    return true;
  // A Python int (`a[i]` in `for i in range(n)`, `a[i + 1]`) selects like a literal one.
  ValueFacts f = of_expression_at(e, scope, depth);
  return f.kind == ValueKind::Scalar && f.dtype == Dtype::Int64;
}

std::optional<std::array<std::optional<int64_t>, 3>> ValueAnalyzer::slice_bounds(TSNode slice, uint32_t scope) const {
  // The bounds are the slice's children in order, separated by `:` tokens.
  std::array<std::optional<int64_t>, 3> bound;
  int part = 0;
  for (uint32_t i = 0; i < ts_node_child_count(slice); ++i) {
    TSNode c = ts_node_child(slice, i);
    if (!ts_node_is_named(c)) {
      if (node_text(c, text_) == ":") ++part;
      continue;
    }
    if (is(c, Kind::Comment) || part > 2) continue;
    bound[part] = model_.constant_int(c, scope);
    if (!bound[part]) return std::nullopt;
  }
  return bound;
}

std::optional<uint64_t> ValueAnalyzer::slice_items_at_most(TSNode subscript, uint32_t scope) const {
  // One slice whose constant bounds do not follow the length (`parts[-3:]`, `xs[:5]`, `xs[2:7]`):
  // a sequence's length, taken as huge, does not change how many items it takes.
  constexpr int64_t kHuge = int64_t{1} << 40;
  if (!is(subscript, Kind::Subscript) || named_child_count(subscript) != 2) return std::nullopt;
  TSNode slice = strip_parens(named_child(subscript, 1));
  int64_t most = is(slice, Kind::Slice) ? slice_length(slice, kHuge, scope) : -1;
  if (most < 0 || most >= kHuge / 2) return std::nullopt;
  return static_cast<uint64_t>(most);
}

int64_t ValueAnalyzer::slice_length(TSNode slice, int64_t extent, uint32_t scope) const {
  // `a[1:-7]` of 64 elements: Python's slice.indices(), when every bound written is a constant.
  auto bounds = slice_bounds(slice, scope);
  if (!bounds) return -1;
  const auto& bound = *bounds;
  int64_t step = bound[2].value_or(1);
  if (step == 0 || step == std::numeric_limits<int64_t>::min()) return -1;
  auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
    if (!v) return fallback;
    int64_t x = *v < 0 ? *v + extent : *v;
    int64_t low = step > 0 ? 0 : -1, high = step > 0 ? extent : extent - 1;
    return std::clamp(x, low, high);
  };
  int64_t start = clamp(bound[0], step > 0 ? 0 : extent - 1), stop = clamp(bound[1], step > 0 ? extent : -1);
  // (the forms below cannot overflow: the distances are at most the extent)
  if (step > 0) return stop > start ? (stop - start - 1) / step + 1 : 0;
  return start > stop ? (start - stop - 1) / -step + 1 : 0;
}

ValueFacts ValueAnalyzer::concatenated_r(TSNode subscript, TSNode r, uint32_t scope, int depth) const {
  // `np.r_[0, a, 1]`, `np.r_[0:10]`: the items' lengths added up, 1-d. Numbers count one, known
  // 1-d arrays their length, slices of constant ints what np.arange gives. A string (a
  // directive: 'r', '0,2'), a complex step (`0:1:5j`) or anything else leaves the shape unknown.
  ValueFacts f;
  f.kind = ValueKind::NDArray;
  f.fresh = true;
  bool known = true, floats = false, ints = true;
  int64_t length = 0;
  for_each_named_child(subscript, [&](TSNode c) {
    if (ts_node_eq(c, r) || is(c, Kind::Comment)) return true;
    TSNode e = strip_parens(c);
    int64_t items = -1;
    if (is(e, Kind::Slice)) {
      // np.arange(start, stop, step) of constant ints (within 2**40 of each other)
      auto bound = slice_bounds(e, scope);
      int64_t start = bound ? (*bound)[0].value_or(0) : 0, step = bound ? (*bound)[2].value_or(1) : 0;
      auto stop = bound ? (*bound)[1] : std::nullopt;
      constexpr int64_t kSpan = int64_t{1} << 40;
      if (stop && step > 0 && std::abs(start) < kSpan && std::abs(*stop) < kSpan)
        items = *stop > start ? (*stop - start - 1) / step + 1 : 0;
    } else {
      ValueFacts v = of_expression_at(e, scope, depth + 1);
      f.large = f.large || v.large;
      if (v.kind == ValueKind::Scalar) items = 1;
      else if (v.kind == ValueKind::NDArray && v.shape && v.shape->size() == 1 && v.shape->front() >= 0)
        items = v.shape->front();
      if (v.dtype == Dtype::Float64) floats = true;
      else if (v.dtype != Dtype::Int64) ints = false;
    }
    if (items < 0) known = false;
    else length += items;
    return known;
  });
  f.dtype = !known ? Dtype::Unknown : floats && ints ? Dtype::Float64 : !floats && ints ? Dtype::Int64 : Dtype::Unknown;
  if (known) {
    f.shape = std::vector<int64_t>{length};
    f.elements = static_cast<uint64_t>(length);
    f.large = f.large || large_size(f.bytes(), false);
  }
  return f;
}

bool ValueAnalyzer::one_dimensional(TSNode expr, uint32_t scope, int depth) const {
  ValueFacts v = of_expression_at(strip_parens(expr), scope, depth + 1);
  return v.kind == ValueKind::NDArray && v.shape && v.shape->size() == 1;
}

const ValueFacts& ValueAnalyzer::of_binding_at(uint32_t b, int depth) const {
  static const ValueFacts unknown;
  if (cache_[b]) return *cache_[b];
  if (in_progress_[b] || depth > kMaxValueDepth) {
    ++truncations_;
    return unknown;
  }
  in_progress_[b] = true;
  const Binding& binding = model_.bindings()[b];
  ValueFacts f;
  switch (binding.kind) {
    case BindingKind::Assignment:
    case BindingKind::NamedExpr:
      if (!ts_node_is_null(binding.value)) f = of_expression_at(binding.value, binding.scope, depth + 1);
      if (binding.chained) f.fresh = false;  // `b = a = np.zeros(n)`: b holds it too
      break;
    case BindingKind::WithTarget:
      // Files, pools, executors and managers return themselves from __enter__.
      if (!ts_node_is_null(binding.value)) {
        ValueFacts cm = of_expression_at(binding.value, binding.scope, depth + 1);
        if (cm.kind == ValueKind::File || cm.kind == ValueKind::Pool || cm.kind == ValueKind::Executor ||
            cm.kind == ValueKind::Manager)
          f = cm;
      }
      break;
    case BindingKind::AugmentedAssignment: {
      // `a += b` updates in place (arrays, lists): the facts of the previous binding.
      const auto& ids = model_.bindings_of(binding.name, binding.scope);
      for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == b && i > 0) f = of_binding_at(ids[i - 1], depth + 1);
      // Python numbers are immutable: `s += 0.5` rebinds `s` to the result of the arithmetic.
      TSNode aug = parent_of(binding.node);
      if (f.kind == ValueKind::Scalar && is(aug, Kind::AugmentedAssignment)) {
        std::string_view op = node_text(child_by_field(aug, Field::Operator), text_);
        if (!op.empty() && op.back() == '=') op.remove_suffix(1);
        TSNode right = child_by_field(aug, Field::Right);
        ValueFacts rf = of_expression_at(right, binding.scope, depth + 1);
        f.dtype = rf.kind == ValueKind::Scalar ? python_arithmetic(f.dtype, rf.dtype, op, right, text_) : Dtype::Unknown;
        if (rf.kind != ValueKind::Scalar) f.kind = ValueKind::Unknown;
      }
      break;
    }
    case BindingKind::LoopTarget: {
      // `for i in range(...)`: i is an int.
      TSNode loop = parent_of(binding.node);
      if ((is(loop, Kind::ForStatement) || is(loop, Kind::ForInClause)) &&
          ts_node_eq(child_by_field(loop, Field::Left), binding.node)) {
        if (of_expression_at(child_by_field(loop, Field::Right), binding.scope, depth + 1).kind == ValueKind::Range) {
          f.kind = ValueKind::Scalar;
          f.dtype = Dtype::Int64;
        }
      }
      break;
    }
    case BindingKind::Parameter:
      f = annotated_parameter(binding);
      break;
    default:
      break;
  }
  if (f.large && f.kind == ValueKind::Unknown) {
    // A value of no known kind (the result of an unknown callee given large arguments) that is
    // read as a bound of a slice (`data[:n]`) is an integer, or something else `__index__` or a
    // label lookup accepts: one small object, whatever it was computed from.
    for (uint32_t r : model_.references_of(b)) {
      const Reference& ref = model_.references()[r];
      if (is(ref.parent, Kind::Slice)) {
        f.large = false;
        f.kind = ValueKind::Scalar;
        break;
      }
    }
  }
  if (f.kind == ValueKind::NDArray) {
    // An array whose metadata its reads change in place has the facts of no single point: its
    // shape, size or dtype may be another where it is read, and a read-only array cannot be
    // updated in place (`fresh` is what lets rules write into it).
    const MetadataChanges& changed = metadata_changes(b);
    if (changed.shape) f.shape.reset();
    if (changed.size) f.elements.reset();
    if (changed.dtype) f.dtype = f.floor = Dtype::Unknown;
    if (changed.flags) f.fresh = false;
  }
  in_progress_[b] = false;
  cache_[b] = f;
  return *cache_[b];
}

ValueFacts ValueAnalyzer::annotated_parameter(const Binding& binding) const {
  // `def f(x: np.ndarray)` / `x: npt.NDArray[np.float32]`: an array by its annotation. The
  // annotation is evaluated in the scope enclosing the function. `*args` is a tuple, `**kw` a dict.
  ValueFacts f;
  TSNode param = parent_of(binding.node);
  // `*args` is always a tuple and `**kwargs` a dict, whatever their annotation says of the items.
  if (is(param, Kind::ListSplatPattern) || is(param, Kind::DictionarySplatPattern)) {
    f.kind = is(param, Kind::ListSplatPattern) ? ValueKind::Tuple : ValueKind::Dict;
    return f;
  }
  if (!is(param, Kind::TypedParameter) && !is(param, Kind::TypedDefaultParameter)) return f;
  TSNode type = child_by_field(param, Field::Type);
  if (ts_node_is_null(type) || model_.scope(binding.scope).parent < 0) return f;
  uint32_t outer = static_cast<uint32_t>(model_.scope(binding.scope).parent);
  TSNode expr = strip_parens(named_child_count(type) == 1 ? named_child(type, 0) : type);
  TSNode dtype{};
  if (is(expr, Kind::Subscript)) {
    dtype = child_by_field(expr, Field::Subscript);
    expr = strip_parens(child_by_field(expr, Field::Value));
  }
  const std::string& q = model_.qualified_name(expr, outer);
  if (q == "numpy.ndarray" || q == "numpy.typing.NDArray") {
    f.kind = ValueKind::NDArray;
    if (q == "numpy.typing.NDArray" && !ts_node_is_null(dtype)) f.dtype = dtype_of_expression(dtype, outer, model_, text_);
  }
  return f;
}

bool ValueAnalyzer::read_may_share(const Reference& ref) const {
  UseKind k = model_.use_kind(ref);
  if (k == UseKind::Deleted) return false;
  if (k != UseKind::Read) return true;  // returned, aliased, stored, passed, captured, unknown
  return expression_may_share(ref.node, ref.scope, 0);
}

// `expr` evaluates to the array or to something that may share its memory (an element, a view):
// does its context let that survive?
bool ValueAnalyzer::expression_may_share(TSNode expr, uint32_t scope, int depth) const {
  if (depth > 8) return true;
  TSNode parent = parent_of(expr);
  switch (kind_of(parent)) {
    case Kind::ParenthesizedExpression:
      return expression_may_share(parent, scope, depth + 1);
    case Kind::BinaryOperator:
    case Kind::ComparisonOperator:
    case Kind::UnaryOperator:
      return false;  // arithmetic and comparisons allocate their results
    case Kind::ExpressionStatement:
      return model_.displayed(parent);  // discarded, unless a notebook shows it and keeps it in `Out`
    case Kind::IfStatement:
    case Kind::WhileStatement:
      return !ts_node_eq(child_by_field(parent, Field::Condition), expr);
    case Kind::Subscript: {
      if (!ts_node_eq(child_by_field(parent, Field::Value), expr)) return false;  // an index: indexing copies
      TSNode holder = parent_of(parent);
      if ((is(holder, Kind::Assignment) || is(holder, Kind::AugmentedAssignment)) &&
          ts_node_eq(child_by_field(holder, Field::Left), parent))
        return false;  // x[i] = v writes into the array
      return expression_may_share(parent, scope, depth + 1);  // an element or a view flows on
    }
    case Kind::Attribute: {
      std::string_view attr = node_text(child_by_field(parent, Field::AttributeField), text_);
      TSNode call = parent_of(parent);
      if (is(call, Kind::Call) && ts_node_eq(child_by_field(call, Field::Function), parent)) {
        if (is(parent_of(call), Kind::ExpressionStatement) && !model_.displayed(parent_of(call)))
          return false;  // x.fill(0): result discarded
        if (is_small_result_method(attr) || attr == "tolist") return false;
        if (of_call(call, scope, 1).fresh) return false;  // x.copy(), x.astype(T)
        if (is_view_method(attr)) return expression_may_share(call, scope, depth + 1);
        return true;
      }
      if (is_metadata_attribute(attr)) return false;
      if (attr == "T" || attr == "real" || attr == "imag") return expression_may_share(parent, scope, depth + 1);
      return true;
    }
    case Kind::ArgumentList: {
      TSNode call = parent_of(parent);
      if (!is(call, Kind::Call)) return true;
      if (of_call(call, scope, 1).fresh) return false;  // np.sqrt(x), np.array(x): a new array
      const std::string& q = model_.qualified_name(child_by_field(call, Field::Function), scope);
      return !(q == "builtins.len" || q == "builtins.print" || q == "builtins.isinstance" || q == "builtins.float" ||
               q == "builtins.int" || q == "builtins.bool" || q == "builtins.str" || q == "builtins.repr" ||
               q == "builtins.type" || q == "builtins.id" || q == "builtins.hash" || q == "builtins.format");
    }
    default:
      return true;
  }
}

bool ValueAnalyzer::derived_kept(TSNode e, uint32_t scope, bool pandas, int depth) const {
  if (depth > 16) return true;
  TSNode parent = parent_of(e);
  switch (kind_of(parent)) {
    case Kind::ParenthesizedExpression:
      return derived_kept(parent, scope, pandas, depth + 1);
    case Kind::Subscript:  // an element or a slice of it flows on; as an index it is only read
      return ts_node_eq(child_by_field(parent, Field::Value), e) && derived_kept(parent, scope, pandas, depth + 1);
    case Kind::Attribute: {
      if (!ts_node_eq(child_by_field(parent, Field::Object), e)) return false;
      std::string_view attr = node_text(child_by_field(parent, Field::AttributeField), text_);
      TSNode call = parent_of(parent);
      if (is(call, Kind::Call) && ts_node_eq(child_by_field(call, Field::Function), parent)) {
        // head() and tail() are small, but they are slices that keep all of a frame's data.
        if (attr == "head" || attr == "tail") return derived_kept(call, scope, pandas, depth + 1);
        // A matrix product is new data, whatever the receiver (an array, a sparse matrix, a frame).
        if (is_small_result_method(attr) || attr == "tolist" || attr == "copy" || attr == "astype" || attr == "dot")
          return false;
        // numpy methods return new arrays but for views; pandas results may share (copy-on-write),
        // and so may the results of an object of a class not known (`pandas` is then true too):
        // `fit()` returning the estimator itself, a results object holding its model.
        return (pandas || is_view_method(attr)) && derived_kept(call, scope, pandas, depth + 1);
      }
      if (is_metadata_attribute(attr) || attr == "dtypes" || attr == "columns" || attr == "index") return false;
      return derived_kept(parent, scope, pandas, depth + 1);  // .T, .values, .loc, .real, ...
    }
    case Kind::Assignment:
      // Stored into a numeric array (`out[i] = x.ravel()[:n]`), the values are copied: nothing
      // refers to `x` afterwards. A list, a dict or an object array's element holds the object.
      // Of a chained assignment (`y = out[i] = x[:n]`), the other targets hold it too.
      if (!ts_node_eq(child_by_field(parent, Field::Right), e)) return false;
      if (!copied_into_array(strip_parens(child_by_field(parent, Field::Left)), scope)) return true;
      return is(parent_of(parent), Kind::Assignment) && derived_kept(parent, scope, pandas, depth + 1);
    case Kind::ReturnStatement:
    case Kind::Yield:
    case Kind::NamedExpression:
    case Kind::ExpressionList:
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set:
    case Kind::Pair:
    case Kind::Dictionary:
    case Kind::ConditionalExpression:
    case Kind::BooleanOperator:
      return true;
    default:
      return false;  // arithmetic, comparisons, call arguments, conditions, loop iterables
  }
}

bool ValueAnalyzer::copied_into_array(TSNode target, uint32_t scope) const {
  if (!is(target, Kind::Subscript)) return false;
  TSNode value = child_by_field(target, Field::Value);
  ValueFacts array = of_expression(value, scope);
  if (array.kind != ValueKind::NDArray) return false;
  if (array.dtype != Dtype::Unknown && array.dtype != Dtype::Object) return true;
  // Of a dtype that may be object: only a part that keeps a dimension takes the stored array's
  // elements rather than the array itself. A slice keeps one; each other index takes at most one
  // dimension away (an int, an array of ints, a boolean mask, which leaves one of its own), so
  // fewer of them than the array has dimensions keep one too, unless one may be a tuple (several
  // indices at once) or is `...` or None.
  size_t indices = 0;
  bool slice = false, unknown = false;
  for_each_named_child(target, [&](TSNode c) {
    if (ts_node_eq(c, value) || is(c, Kind::Comment)) return true;
    TSNode i = strip_parens(c);
    ++indices;
    if (is(i, Kind::Slice)) {
      slice = true;
    } else if (!integer_index(i, scope)) {
      ValueKind k = of_expression(i, scope).kind;
      if (k != ValueKind::NDArray && k != ValueKind::Scalar && k != ValueKind::List) unknown = true;
    }
    return true;
  });
  return slice || (!unknown && array.shape && indices < array.shape->size());
}

bool ValueAnalyzer::derived_value_kept(uint32_t binding) const {
  const ValueFacts& facts = of_binding(binding);
  // Whose method results may hold the value: pandas', and an object of a class not known.
  bool pandas = facts.kind == ValueKind::DataFrame || facts.kind == ValueKind::Series ||
                facts.kind == ValueKind::Unknown;
  for (uint32_t r : model_.references_of(binding)) {
    const Reference& ref = model_.references()[r];
    Kind pk = kind_of(ref.parent);
    bool derives = (pk == Kind::Attribute && ts_node_eq(child_by_field(ref.parent, Field::Object), ref.node)) ||
                   (pk == Kind::Subscript && ts_node_eq(child_by_field(ref.parent, Field::Value), ref.node));
    if (derives && derived_kept(ref.node, ref.scope, pandas, 0)) return true;
  }
  return false;
}

const Producer* ValueAnalyzer::producer_of(TSNode call, uint32_t scope, int depth) const {
  if (!is(call, Kind::Call)) return nullptr;
  return remembered(producer_memo_, NodeInScope{call.id, scope}, depth,
                    [&] { return producer_of_uncached(call, scope, depth); });
}

const Producer* ValueAnalyzer::producer_of_uncached(TSNode call, uint32_t scope, int depth) const {
  TSNode fn = child_by_field(call, Field::Function);
  if (!may_name_producer(fn, text_)) return nullptr;
  const std::string& q = model_.qualified_name(fn, scope);
  if (!q.empty()) return find_producer(q);
  if (is(fn, Kind::Attribute)) {
    std::string method(node_text(child_by_field(fn, Field::AttributeField), text_));
    const Producer* generator_method = find_producer("numpy.random.Generator." + method);
    const Producer* manager_method = find_producer("multiprocessing.managers.SyncManager." + method);
    const Producer* context_method = find_producer("multiprocessing." + method);
    if (!generator_method && !manager_method && !context_method) return nullptr;
    // The receiver gets a small budget of its own: of_call evaluates it as well, and two full
    // evaluations per link of `a.f().f().f()...` would be exponential in the chain's length.
    constexpr int kReceiverLevels = 6;
    ValueFacts receiver =
        of_expression_at(child_by_field(fn, Field::Object), scope, std::max(depth + 1, kMaxValueDepth - kReceiverLevels));
    if (receiver.kind == ValueKind::Generator) return generator_method;
    if (receiver.kind == ValueKind::Manager) return manager_method;
    if (receiver.producer && receiver.producer->qualified == "multiprocessing.get_context") return context_method;
  }
  return nullptr;
}

const CallFacts& ValueAnalyzer::facts_of_call(TSNode call, uint32_t scope) const {
  static const CallFacts none;
  const Producer* p = producer_of(call, scope);
  return p ? facts_for(call, *p, scope) : none;
}

const CallFacts& ValueAnalyzer::facts_for(TSNode call, const Producer& producer, uint32_t scope) const {
  NodeInScope key{call.id, scope};
  auto [it, inserted] = call_facts_memo_.try_emplace(key);
  if (!inserted && it->second.producer == &producer) return it->second;
  it->second = producer_call_facts(call, producer, scope, model_, text_);
  if (producer.default_dtype == DefaultDtype::FromEndpoints && it->second.dtype == Dtype::Float64 &&
      ts_node_is_null(it->second.dtype_arg)) {
    // An endpoint that is a float32, float16 or complex numpy value decides otherwise.
    CallFacts f = it->second;  // asking for facts may add to the memo (and move `it`)
    for (int i = 0; i < 2; ++i) {
      static constexpr std::string_view kw[] = {"start", "stop"};
      TSNode endpoint = argument(f.args, i, kw[i], text_);
      if (ts_node_is_null(endpoint) || is_float_expression(endpoint, text_) ||
          is_int_expression(endpoint, model_, scope))
        continue;
      // `np.float32(0)`: a numpy scalar of the type called
      TSNode e = strip_parens(endpoint);
      Dtype d = is(e, Kind::Call) ? dtype_of_expression(child_by_field(e, Field::Function), scope, model_, text_)
                                  : Dtype::Unknown;
      if (d == Dtype::Unknown) d = of_expression_at(endpoint, scope, 1).dtype;
      if (d == Dtype::Float32 || d == Dtype::Float16 || is_complex_dtype(d)) f.dtype = Dtype::Unknown;
      // `np.longdouble(0)`: extended precision, which the dtype model leaves unknown
      if (d == Dtype::Unknown && numpy_scalar_of_other_type(e, model_, scope)) f.dtype = Dtype::Unknown;
    }
    return call_facts_memo_[key] = std::move(f);
  }
  return it->second;
}

ValueFacts ValueAnalyzer::of_call(TSNode call, uint32_t scope, int depth) const {
  ValueFacts f;
  TSNode fn = child_by_field(call, Field::Function);
  TSNode args = child_by_field(call, Field::Arguments);
  // Facts of the positional and keyword argument values.
  auto any_large_argument = [&](ValueFacts* first) {
    bool large = false;
    bool seen_first = false;
    if (!is(args, Kind::ArgumentList)) {
      // f(x for x in big): a generator argument
      ValueFacts g = of_expression_at(args, scope, depth + 1);
      if (first) *first = g;
      return g.large;
    }
    for_each_named_child(args, [&](TSNode a) {
      Kind k = kind_of(a);
      if (k == Kind::Comment) return true;
      TSNode v = k == Kind::KeywordArgument ? child_by_field(a, Field::Value)
                 : (k == Kind::ListSplat || k == Kind::DictionarySplat) ? named_child(a, 0)
                                                                        : a;
      ValueFacts af = of_expression_at(v, scope, depth + 1);
      // A list or tuple literal of large values (np.concatenate([a, b])) is as large as they are.
      if ((is(strip_parens(v), Kind::List) || is(strip_parens(v), Kind::Tuple)) && !af.large) {
        TSNode seq = strip_parens(v);
        for_each_named_child(seq, [&](TSNode item) {
          af.large = of_expression_at(item, scope, depth + 1).large;
          return !af.large;
        });
      }
      if (!seen_first && k != Kind::KeywordArgument) {
        if (first) *first = af;
        seen_first = true;
      }
      large = large || af.large;
      return true;
    });
    return large;
  };

  const Producer* p = producer_of(call, scope, depth);
  if (p) {
    CallFacts cf = facts_for(call, *p, scope);  // a copy: evaluating the arguments may ask for more facts
    f.producer = p;
    f.kind = p->kind;
    if (cf.scalar) {
      f.kind = ValueKind::Scalar;
      return f;
    }
    if ((p->qualified == "numpy.dot" || p->qualified == "numpy.matmul") &&
        is(args, Kind::ArgumentList)) {
      // The product of two vectors is one number.
      auto arguments = positional_arguments(args);
      if (arguments && arguments->size() == 2 && one_dimensional((*arguments)[0], scope, depth) &&
          one_dimensional((*arguments)[1], scope, depth)) {
        f.kind = ValueKind::Scalar;
        return f;
      }
    }
    f.dtype = cf.dtype;
    f.elements = cf.elements;
    f.shape = cf.shape;
    if (!f.shape && (p->size == SF::Shape || p->size == SF::OptionalShape) && !cf.has_unpacking) {
      // A shape that is one Python int (`np.zeros(len(x))`, `np.ones(n + 1)` with `n = int(k)`)
      // gives one dimension, its extent unknown; a name may hold a tuple, so only ints count.
      TSNode shape = argument(args, p->size_pos, p->size_kw, text_);
      if (!ts_node_is_null(shape) && integer_index_at(shape, scope, depth + 1)) f.shape = std::vector<int64_t>{-1};
    }
    ValueFacts first;
    bool args_large = any_large_argument(&first);
    if (p->default_dtype == DefaultDtype::FromInput && ts_node_is_null(cf.dtype_arg) && f.dtype == Dtype::Unknown)
      f.dtype = first.dtype;
    if (p->concat == Concat::Sequence && p->kind == ValueKind::NDArray && ts_node_is_null(cf.dtype_arg) &&
        f.dtype == Dtype::Unknown && !cf.has_unpacking) {
      // A join's dtype is the promotion of its pieces' (at least one dimension each, so NumPy 1.x
      // weighs no values): at least any piece's whose dtype is known.
      TSNode pieces = strip_parens(argument(args, 0, "", text_));
      if (is(pieces, Kind::List) || is(pieces, Kind::Tuple))
        for_each_named_child(pieces, [&](TSNode piece) {
          if (is(piece, Kind::Comment) || is(piece, Kind::ListSplat)) return true;
          ValueFacts pf = of_expression_at(piece, scope, depth + 1);
          if (pf.kind == ValueKind::NDArray) f.floor = join_floors(f.floor, floor_of(pf));
          return true;
        });
    }
    if (p->ufunc != Ufunc::None && is(args, Kind::ArgumentList)) {
      // Dtype and shape as the operator gives them.
      TSNode x = argument(args, 0, "", text_), y = argument(args, 1, "", text_);
      ValueFacts xf = of_expression_at(x, scope, depth + 1);
      if (p->ufunc == Ufunc::Binary && !ts_node_is_null(y)) {
        ValueFacts yf = of_expression_at(y, scope, depth + 1);
        bool x_array = xf.kind == ValueKind::NDArray;
        const ValueFacts& arr = x_array ? xf : yf;
        const ValueFacts& of = x_array ? yf : xf;
        TSNode other = x_array ? y : x;
        bool py_number = is_python_int_literal(other) || is_python_float_literal(other);
        if (ts_node_is_null(cf.dtype_arg))
          f.dtype = arr.kind != ValueKind::NDArray ? Dtype::Unknown
                                                   : operation_dtype(arr, other, of, p->op == "/" ? "/" : "+", scope);
        if (arr.kind == ValueKind::NDArray && (of.kind == ValueKind::Scalar || py_number)) {
          f.shape = arr.shape;
          f.elements = arr.elements;
        } else if (xf.kind == ValueKind::NDArray && yf.kind == ValueKind::NDArray) {
          f.shape = broadcast(xf.shape, yf.shape);
          if (auto e = elements_of(f.shape)) f.elements = e;
        }
      } else if (p->ufunc != Ufunc::Binary && xf.kind == ValueKind::NDArray) {
        f.shape = xf.shape;
        f.elements = xf.elements;
        if (ts_node_is_null(cf.dtype_arg)) {
          Dtype d = xf.dtype;
          if (p->ufunc == Ufunc::UnaryFloat) {
            if (d == Dtype::Bool || int_rank(d) == 1) d = Dtype::Float16;
            else if (int_rank(d) == 2) d = Dtype::Float32;
            else if (int_rank(d) >= 3) d = Dtype::Float64;
          }
          if (p->ufunc == Ufunc::UnaryAbs && d == Dtype::Complex128) d = Dtype::Float64;
          if (p->ufunc == Ufunc::UnaryAbs && d == Dtype::Complex64) d = Dtype::Float32;
          f.dtype = d;
        }
      }
    }
    if (p->size == SizeFrom::Arguments) {
      if (!f.shape && first.kind == ValueKind::NDArray && p->kind == ValueKind::NDArray && !cf.has_unpacking) {
        // An array's copy keeps its shape; np.cumsum and np.sort flatten it with axis=None, which
        // is np.cumsum's default.
        std::string_view q = p->qualified;
        bool flattening = q == "numpy.cumsum" || q == "numpy.sort";
        TSNode axis = flattening ? argument(args, 1, "axis", text_) : TSNode{};
        bool flat = flattening && flat_axis(axis) && (q == "numpy.cumsum" || !ts_node_is_null(axis));
        if (flat) {
          f.shape = flattened(first.shape);
        } else if (flattening || q == "numpy.copy" || q == "numpy.nan_to_num") {
          f.shape = first.shape;
        }
      }
      if (!f.shape && !cf.has_unpacking) {
        f.shape = stacked_shape(p->qualified, args, scope, depth);
        if (f.shape) f.elements = elements_of(f.shape);
      }
      if (!f.elements && first.elements && p->kind == first.kind) f.elements = first.elements;
      if (!f.elements && p->concat == Concat::Sequence) {
        // np.hstack((x, y)): the pieces' elements together
        TSNode pieces = strip_parens(argument(args, 0, "", text_));
        std::optional<uint64_t> total = 0;
        if (is(pieces, Kind::List) || is(pieces, Kind::Tuple)) {
          for_each_named_child(pieces, [&](TSNode piece) {
            if (is(piece, Kind::Comment)) return true;
            ValueFacts pf = of_expression_at(piece, scope, depth + 1);
            if (pf.kind != p->kind || !pf.elements || __builtin_add_overflow(*total, *pf.elements, &*total))
              total.reset();
            return total.has_value();
          });
          if (total) f.elements = total;
        }
      }
      f.large = args_large;
    } else if (p->kind == ValueKind::NDArray && !f.elements && first.kind == ValueKind::NDArray &&
               p->default_dtype == DefaultDtype::FromInput && p->size == SizeFrom::Unknown) {
      // *_like(a): shaped like its input
      f.elements = first.elements;
      if (ts_node_is_null(argument(args, -1, "shape", text_))) f.shape = first.shape;
      f.large = first.large;
    } else if (p->size == SizeFrom::Literal && !f.elements) {
      f.large = args_large;  // np.array(big_list)
      if (first.kind == ValueKind::List || first.kind == ValueKind::Tuple || first.kind == ValueKind::NDArray)
        f.elements = first.elements;
    } else {
      uint32_t item = dtype_itemsize(f.dtype);
      std::optional<uint64_t> bytes = f.elements ? std::optional<uint64_t>(*f.elements * (item ? item : 8)) : std::nullopt;
      f.large = large_size(bytes, p->large_when_unknown);
    }
    if (f.elements && f.kind != ValueKind::Unknown) {
      if (auto b = f.bytes(); b && *b < min_bytes_) f.large = false;
    }
    if (f.kind == ValueKind::NDArray && !p->shares_input) f.fresh = !may_return_existing(args, p->out_pos, text_);
    // With an existing output array (`np.sqrt(a, out=b)`, `np.add(a, a, b)`), the result is that
    // array: nothing is allocated, and the result shares its memory. An output made in the call
    // (`out=np.zeros_like(a)`) belongs to the result alone.
    TSNode out = strip_parens(argument(args, p->out_pos, "out", text_));
    if (p->ufunc != Ufunc::None &&
        (is(out, Kind::Identifier) || is(out, Kind::Attribute) || is(out, Kind::Subscript))) {
      f.is_view = true;
      f.view_base = is(out, Kind::Identifier) ? model_.binding_of_node(out) : -1;
    }
    // np.frombuffer reads the buffer it is given, whatever the dtype (it reinterprets the bytes).
    const bool reinterprets = p->qualified == "numpy.frombuffer";
    if (p->shares_input && (reinterprets || (first.kind == ValueKind::NDArray && ts_node_is_null(cf.dtype_arg))) &&
        ts_node_is_null(argument(args, -1, "device", text_)) && !cf.has_unpacking) {
      // np.asarray(a) of an array is `a` itself: treat it as a view of `a`.
      TSNode a0 = strip_parens(argument(args, 0, reinterprets ? "buffer" : p->size_kw, text_));
      f.is_view = true;
      f.view_base = view_base_of(a0, first);
      f.large = false;
    }
    return f;
  }

  const std::string& q = model_.qualified_name(fn, scope);
  // An existing output array given to a ufunc's method (`np.add.reduce(a, 1, None, b)`,
  // `np.add.accumulate(a, out=b)`) or to any callee as `out=` or `*_out=`
  // (`loss.gradient(raw, gradient_out=g)`, numpy's and sklearn's convention) is what the call
  // returns: the result is that array, not an allocation.
  TSNode out = output_argument(q, args, text_);
  ValueFacts o = ts_node_is_null(out) ? ValueFacts{} : of_expression_at(out, scope, depth + 1);
  if (!ts_node_is_null(out) && (o.kind == ValueKind::NDArray || o.kind == ValueKind::Unknown)) {  // not `fan_out=4`
    return same_array(out, o, /*whole=*/true);
  }
  const bool modelled = numpy_may_return_view(q);
  if ((modelled || numpy_unmodelled(q)) && is(args, Kind::ArgumentList)) {
    // np.transpose(a), np.split(a, 2): a view of the first argument (or views into it). numpy
    // functions whose effect is not modelled may return one too (np.lib.stride_tricks'
    // sliding_window_view, np.ma.masked_array, which shares its data): of their result nothing
    // else is known. The array classes called directly are arrays over their buffer argument
    // (`np.ndarray(shape, dtype, buffer)`, `np.recarray(shape, dtype, buf)`), when one is given.
    const bool array_class = q == "numpy.ndarray" || q == "numpy.recarray";
    TSNode a0 = strip_parens(argument(args, array_class ? 2 : 0, q == "numpy.ndarray" ? "buffer" : q == "numpy.recarray" ? "buf" : "", text_));
    ValueFacts first = of_expression_at(a0, scope, depth + 1);
    f.is_view = true;
    f.view_base = view_base_of(a0, first);
    if (array_class) f.kind = ValueKind::NDArray;  // of the dtype its argument names
    if (modelled && !array_class && first.kind == ValueKind::NDArray && q != "numpy.split" && q != "numpy.array_split" && q != "numpy.hsplit" &&
        q != "numpy.vsplit" && q != "numpy.dsplit" && q != "numpy.meshgrid" && q != "numpy.broadcast_arrays") {
      f.kind = ValueKind::NDArray;
      f.dtype = first.dtype;
    }
    return f;
  }
  if (q == "builtins.len" || q == "builtins.sum" || q == "builtins.min" || q == "builtins.max" ||
      q == "builtins.int" || q == "builtins.float" || q == "builtins.bool" || q == "builtins.isinstance" ||
      q == "builtins.abs" || q == "builtins.round" || q == "builtins.print" || q == "builtins.any" ||
      q == "builtins.all" || q == "builtins.hash" || q == "builtins.id") {
    f.kind = ValueKind::Scalar;
    // Python numbers: float() and int() return them whatever the argument (or raise); abs() and
    // round() of a Python number too (round(x) without digits is an int).
    if (q == "builtins.float") f.dtype = Dtype::Float64;
    else if (q == "builtins.int" || q == "builtins.len") f.dtype = Dtype::Int64;
    else if ((q == "builtins.abs" || q == "builtins.round") && is(args, Kind::ArgumentList)) {
      auto arguments = positional_arguments(args);
      if (!arguments) return f;
      size_t positional = arguments->size();
      TSNode a0 = positional > 0 ? (*arguments)[0] : TSNode{};
      ValueFacts x = of_expression_at(a0, scope, depth + 1);
      if (x.kind == ValueKind::Scalar && (x.dtype == Dtype::Float64 || x.dtype == Dtype::Int64)) {
        if (q == "builtins.abs" && positional == 1) f.dtype = x.dtype;
        else if (q == "builtins.round" && positional == 1) f.dtype = Dtype::Int64;
      }
    }
    return f;
  }
  if (q == "builtins.dict" && is(args, Kind::ArgumentList)) {
    // `dict(bins=x, density=True)` is the display `{"bins": x, "density": True}`: a few entries
    // that refer to their values and copy none. A positional mapping or iterable (`dict(pairs)`)
    // or `**more` copies every entry of it.
    bool keywords_only = true;
    for_each_named_child(args, [&](TSNode a) {
      keywords_only = keywords_only && (is(a, Kind::KeywordArgument) || is(a, Kind::Comment));
      return keywords_only;
    });
    if (keywords_only) {
      f.kind = ValueKind::Dict;
      return f;
    }
  }
  if (q.rfind("math.", 0) == 0) {
    // The math module returns Python floats, but for these few that return ints or booleans.
    std::string_view m = std::string_view(q).substr(5);
    static const std::unordered_set<std::string_view> int_results = {"floor", "ceil", "trunc", "factorial", "gcd",
                                                                     "lcm", "isqrt", "comb", "perm"};
    static const std::unordered_set<std::string_view> other_results = {"isnan", "isinf", "isfinite", "isclose",
                                                                       "prod", "sumprod", "frexp", "modf"};
    if (other_results.count(m)) return f;
    f.kind = ValueKind::Scalar;
    f.dtype = int_results.count(m) ? Dtype::Int64 : Dtype::Float64;
    return f;
  }
  if (numpy_reduction_to_scalar(q, args, text_) || sklearn_metric_to_scalar(q, args, text_) ||
      pandas_nanop_to_scalar(q, args, text_)) {
    f.kind = ValueKind::Scalar;
    return f;
  }
  if (q == "pandas._libs.lib.infer_dtype" || q == "pandas.api.types.infer_dtype") {  // a name, "floating"
    f.kind = ValueKind::String;
    return f;
  }
  if (q == "builtins.str") {
    // A str whatever the argument (or an exception); as large as what it is computed from.
    f.kind = ValueKind::String;
    f.large = any_large_argument(nullptr);
    return f;
  }
  if (is(fn, Kind::Attribute)) {
    ValueFacts receiver = of_expression_at(child_by_field(fn, Field::Object), scope, depth + 1);
    std::string_view method = node_text(child_by_field(fn, Field::AttributeField), text_);
    if (is_small_result_method(method)) return f;
    if (method == "dot" && receiver.kind == ValueKind::NDArray && receiver.shape && receiver.shape->size() == 1) {
      // `v.dot(w)` of two vectors is one number, as np.dot(v, w) is.
      auto arguments = positional_arguments(args);
      if (arguments && arguments->size() == 1 && one_dimensional(arguments->front(), scope, depth)) {
        f.kind = ValueKind::Scalar;
        return f;
      }
    }
    // `read(n)` with a stated size: at most n bytes, or n characters in text mode (at most 4 bytes
    // each as CPython stores them). A negative size, None or no argument reads to the end. (A size
    // so large that four times it overflows is large, not wrapped around to small.)
    auto small_read = [&] {
      TSNode size = argument(args, 0, "", text_);
      auto n = ts_node_is_null(size) ? std::nullopt : model_.constant_int(size, scope);
      return n && *n >= 0 && static_cast<uint64_t>(*n) <= UINT64_MAX / 4 &&
             !large_size(static_cast<uint64_t>(*n) * 4, false);
    };
    if (is_pandas_deferred_method(method) && (receiver.kind == ValueKind::DataFrame ||
                                               receiver.kind == ValueKind::Series ||
                                               receiver.kind == ValueKind::Unknown)) {
      // `df.groupby(key)` of a frame, or of what may be one: no allocation of its own, and it
      // keeps the receiver alive as a view does. Its kind stays the receiver's, so what its
      // aggregations return (`g.transform(f)`) is as large as the frame.
      f.kind = receiver.kind;
      f.large = receiver.large;
      f.is_view = true;
      f.view_base = view_base_of(strip_parens(child_by_field(fn, Field::Object)), receiver);
      return f;
    }
    switch (receiver.kind) {
      case ValueKind::NDArray:
      case ValueKind::Tensor:
        if (method == "astype" || method == "copy" || method == "flatten" || method == "clip" ||
            method == "round" || method == "cumsum" || method == "detach" || method == "clone" ||
            method == "to" || method == "float" || method == "double" || method == "numpy" || method == "cpu") {
          f = receiver;
          f.is_view = false;
          f.view_base = -1;
          // Positional index of the argument that may return the receiver itself (astype's `copy`,
          // `out` of clip/round/cumsum); copy() and flatten() always copy.
          int out_pos = method == "astype" ? 4 : method == "clip" || method == "cumsum" ? 2 : method == "round" ? 1 : -1;
          f.fresh = receiver.kind == ValueKind::NDArray &&
                    (method == "astype" || method == "copy" || method == "flatten" || method == "clip" ||
                     method == "round" || method == "cumsum") &&
                    !may_return_existing(args, out_pos, text_);
          if (method != "copy" && method != "flatten" && method != "clip" && method != "round" && method != "cumsum")
            f.floor = Dtype::Unknown;  // a conversion
          if (method == "astype") {
            TSNode d = argument(args, 0, "dtype", text_);
            f.dtype = ts_node_is_null(d) ? Dtype::Unknown : dtype_of_expression(d, scope, model_, text_);
          }
          if (method == "flatten" || method == "cumsum") {
            // An array's flatten(), and its cumsum() without an axis, are 1-d whatever the
            // receiver's shape; cumsum along an axis keeps it. (A tensor's cumsum needs a `dim`.)
            TSNode axis = method == "cumsum" ? argument(args, 0, "axis", text_) : TSNode{};
            if (receiver.kind == ValueKind::NDArray && flat_axis(axis)) {
              f.shape = flattened(receiver.shape);
            } else if (receiver.kind != ValueKind::NDArray) {
              f.shape.reset();
            }
          }
          if (method == "numpy") f.kind = ValueKind::NDArray;
          return f;
        }
        if (is_view_method(method) || method == "T") {
          f = receiver;
          f.shape = view_shape(method, args, receiver, scope);
          if (method == "view") {
            // `a.view(np.int64)` reads the same bytes as another dtype (`a.view(np.matrix)` as
            // another type): the shape stays when the items keep their width.
            TSNode d = argument(args, 0, "dtype", text_);
            if (!ts_node_is_null(d)) {
              f.dtype = dtype_of_expression(d, scope, model_, text_);
              f.floor = Dtype::Unknown;
            }
            // The bytes stay: the last extent scales with the items' widths (`int8[8].view(float64)`
            // has 1 item).
            uint32_t before = dtype_itemsize(receiver.dtype), after = dtype_itemsize(f.dtype);
            f.shape.reset();
            f.elements.reset();
            if (before != 0 && after != 0 && receiver.shape && !receiver.shape->empty() &&
                receiver.shape->back() >= 0 && (receiver.shape->back() * before) % after == 0) {
              f.shape = receiver.shape;
              f.shape->back() = receiver.shape->back() * before / after;
              f.elements = elements_of(f.shape);
            }
          }
          f.is_view = true;
          f.view_base = view_base_of(strip_parens(child_by_field(fn, Field::Object)), receiver);
          f.large = false;  // a view allocates nothing; it keeps its base alive
          return f;
        }
        if (method == "tolist") {
          f.kind = ValueKind::List;
          f.elements = receiver.elements;
          f.large = receiver.large;
          return f;
        }
        f.large = receiver.large;
        return f;
      case ValueKind::DataFrame:
      case ValueKind::Series:
        f.kind = method == "to_numpy" || method == "to_records" ? ValueKind::NDArray
                 : method == "tolist" || method == "to_list"    ? ValueKind::List
                 : method == "to_dict"                          ? ValueKind::Dict
                                                                : receiver.kind;
        f.large = receiver.large;
        // copy() (deep unless told otherwise) is the one method known to share nothing with its
        // receiver: others may return the receiver's own data (views, copy-on-write copies).
        f.fresh = method == "copy" && ts_node_is_null(argument(args, 0, "deep", text_));
        return f;
      case ValueKind::File:
        if (method == "read") {
          f.kind = ValueKind::String;
          f.large = !small_read();
        } else if (method == "readlines") {
          f.kind = ValueKind::List;
          f.large = true;
        }
        return f;
      case ValueKind::String:
        if (method == "splitlines" || method == "split") {
          f.kind = ValueKind::List;
          f.large = receiver.large;
        } else {
          f.kind = ValueKind::String;
          f.large = receiver.large && (method == "strip" || method == "decode" || method == "encode" ||
                                       method == "replace" || method == "lower" || method == "upper");
        }
        return f;
      case ValueKind::Pool:
      case ValueKind::Executor:
        if (method == "map" || method == "starmap") {
          f.kind = ValueKind::List;
          f.large = any_large_argument(nullptr);
        } else if (method == "imap" || method == "imap_unordered") {
          f.kind = ValueKind::Iterator;
        }
        return f;
      case ValueKind::List:
        if (method == "copy") {
          f = receiver;
          return f;
        }
        return f;
      default:
        // reshape/view/ravel/transpose return views (or cheap wrappers) whatever the receiver.
        if (is_view_method(method)) return f;
        // Any stream's `read(n)` (io.BytesIO, a socket file, a wrapper around a file) gives at
        // most n bytes or characters, as a file's does.
        if (method == "read" && small_read()) return f;
        f.large = receiver.large || any_large_argument(nullptr);
        return f;
    }
  }
  // A function of this file that hands back an argument (`_truncate(w, needed)` returning `w` or
  // `w[:-1]`) or None allocates nothing: its result is the argument again, as with np.asarray.
  if (is(fn, Kind::Identifier) && is(args, Kind::ArgumentList) && !argument_shape(args).unpacking) {
    const Binding* def = model_.resolve(node_text(fn, text_), scope, ts_node_start_byte(fn));
    if (def && def->kind == BindingKind::FunctionDef && model_.bindings_of(def->name, def->scope).size() == 1) {
      const PassThrough& through = pass_through(static_cast<uint32_t>(def - model_.bindings().data()));
      TSNode given = through.applies && !through.name.empty()
                         ? strip_parens(argument(args, through.position, through.name, text_))
                         : TSNode{};
      if (through.applies && through.name.empty()) return f;  // None
      if (!ts_node_is_null(given)) {
        return same_array(given, of_expression_at(given, scope, depth + 1), through.whole);
      }
      if (!through.applies) {
        // A number, whatever its arguments; a list or a tuple the function builds, as large as
        // what it is computed from (below).
        ValueKind k = returned_kind(static_cast<uint32_t>(def - model_.bindings().data()), depth);
        if (k == ValueKind::Scalar) {
          f.kind = ValueKind::Scalar;
          return f;
        }
        if (k == ValueKind::List || k == ValueKind::Tuple) f.kind = k;
      }
    }
  }
  // An unknown function: its result is large when it is computed from a large value.
  f.large = any_large_argument(nullptr);
  return f;
}

std::optional<uint32_t> ValueAnalyzer::function_scope(uint32_t def_binding) const {
  TSNode def = parent_of(model_.bindings()[def_binding].node);
  // A decorator may return anything in the function's place.
  if (!is(def, Kind::FunctionDefinition) || is(parent_of(def), Kind::DecoratedDefinition)) return std::nullopt;
  const auto& scopes = model_.scopes();
  uint32_t scope = 0;
  while (scope < scopes.size() && scopes[scope].node.id != def.id) ++scope;
  if (scope == scopes.size() || scopes[scope].dynamic || scopes[scope].yields) return std::nullopt;
  return scope;
}

ValueKind ValueAnalyzer::returned_kind(uint32_t def_binding, int depth) const {
  auto [it, inserted] = returned_kind_.try_emplace(def_binding, ValueKind::Unknown);
  if (!inserted) return it->second;  // known, or being worked out (a recursive function): Unknown
  std::optional<uint32_t> scope = function_scope(def_binding);
  if (!scope) return ValueKind::Unknown;
  // Every `return` gives a number (`return np.max(g * on_bound)`), or every one a list, ... A
  // `return` of None is a Scalar too: a function returning a list or None is not known to give a list.
  std::optional<ValueKind> kind;
  for (TSNode n : model_.scopes()[*scope].returns) {
    TSNode value = returned_value(n);
    if (ts_node_is_null(value)) continue;
    ValueKind k = of_expression_at(value, *scope, depth + 1).kind;
    if (k == ValueKind::Unknown || (kind && *kind != k)) return ValueKind::Unknown;
    kind = k;
  }
  // The map may have grown meanwhile (a recursive call adds entries): looked up again.
  return returned_kind_[def_binding] = kind.value_or(ValueKind::Unknown);
}

const ValueAnalyzer::PassThrough& ValueAnalyzer::pass_through(uint32_t def_binding) const {
  auto [it, inserted] = pass_through_.try_emplace(def_binding);
  PassThrough& out = it->second;
  if (!inserted) return out;
  std::optional<uint32_t> function = function_scope(def_binding);
  if (!function) return out;
  uint32_t scope = *function;
  const auto& scopes = model_.scopes();
  TSNode def = scopes[scope].node;
  // The parameters that may be passed by position come first, until `*`, `*args` or `**kwargs`.
  std::vector<std::string_view> params;
  size_t positional = 0;
  bool keyword_only = false;
  for_each_named_child(child_by_field(def, Field::ParametersField), [&](TSNode p) {
    Kind k = kind_of(p);
    TSNode name = k == Kind::Identifier                                                 ? p
                  : k == Kind::DefaultParameter || k == Kind::TypedDefaultParameter ? child_by_field(p, Field::Name)
                  : k == Kind::TypedParameter                                       ? named_child(p, 0)
                                                                                    : TSNode{};
    if (is(name, Kind::Identifier)) {
      params.push_back(node_text(name, text_));
      if (!keyword_only) positional = params.size();
    } else if (k != Kind::Comment && k != Kind::PositionalSeparator) {
      keyword_only = true;  // `*`, `*args`, `**kwargs`
    }
    return true;
  });
  // Every return statement of the body (the model keeps them by scope): nothing, None, or one
  // parameter that the body never rebinds. A yield makes a generator function.
  std::string_view returned;
  bool whole = true, ok = true;
  for (TSNode n : scopes[scope].returns) {
    if (!ok) break;
    TSNode value = returned_value(n);
    if (ts_node_is_null(value)) continue;
    TSNode name = value;
    bool part = false;
    if (is(value, Kind::Subscript)) {
      // `w[:-1]`, `w[0]`, `w[1:, ::2]`: slices and integer items select from `w`; an array index
      // (`w[mask]`) would copy
      part = true;
      name = strip_parens(child_by_field(value, Field::Value));
      for_each_named_child(value, [&](TSNode c) {
        if (ts_node_eq(c, child_by_field(value, Field::Value)) || is(c, Kind::Comment)) return true;
        bool selects = is(c, Kind::Slice) || is(c, Kind::Integer) ||
                       (is(c, Kind::UnaryOperator) && is(child_by_field(c, Field::Argument), Kind::Integer));
        return ok = selects;
      });
    }
    std::string_view id = is(name, Kind::Identifier) ? node_text(name, text_) : std::string_view{};
    // The parameter, never rebound but to a view or an item of itself (`out = out.squeeze()`,
    // `out = out[()]`, `out = out.T`): what is returned is still (part of) what was passed.
    bool rebound_to_part = false;
    auto part_of_itself = [&](const Binding& b) {
      if (b.kind == BindingKind::Parameter) return true;
      if (b.kind != BindingKind::Assignment || b.chained || ts_node_is_null(b.value)) return false;
      TSNode v = strip_parens(b.value);
      auto itself = [&](TSNode e) {
        e = strip_parens(e);
        return is(e, Kind::Identifier) && node_text(e, text_) == id;
      };
      bool part = false;
      if (is(v, Kind::Attribute)) {
        part = itself(child_by_field(v, Field::Object)) && node_text(child_by_field(v, Field::AttributeField), text_) == "T";
      } else if (is(v, Kind::Call)) {
        TSNode fn = child_by_field(v, Field::Function);
        part = is(fn, Kind::Attribute) && itself(child_by_field(fn, Field::Object)) &&
               is_view_method(node_text(child_by_field(fn, Field::AttributeField), text_));
      } else if (is(v, Kind::Subscript) && itself(child_by_field(v, Field::Value))) {
        part = true;
        for_each_named_child(v, [&](TSNode c) {
          if (ts_node_eq(c, child_by_field(v, Field::Value)) || is(c, Kind::Comment)) return true;
          part = is(c, Kind::Slice) || is(c, Kind::Integer) || (is(c, Kind::Tuple) && named_child_count(c) == 0);
          return part;
        });
      }
      rebound_to_part = rebound_to_part || part;
      return part;
    };
    const auto& history = id.empty() ? std::vector<uint32_t>{} : model_.bindings_of(id, scope);
    bool parameter = !id.empty() && std::find(params.begin(), params.end(), id) != params.end() &&
                     std::all_of(history.begin(), history.end(),
                                 [&](uint32_t b) { return part_of_itself(model_.bindings()[b]); });
    part = part || rebound_to_part;
    if (!ok || !parameter || (!returned.empty() && returned != id)) {
      ok = false;
    } else {
      returned = id;
      whole = whole && !part;
    }
  }
  if (!ok) return out;
  out.applies = true;
  out.name = returned;
  out.whole = whole;
  if (!returned.empty()) {
    size_t at = static_cast<size_t>(std::find(params.begin(), params.end(), returned) - params.begin());
    out.position = at < positional ? static_cast<int>(at) : -1;
  }
  return out;
}

ValueFacts ValueAnalyzer::of_expression_uncached(TSNode expr, uint32_t scope, int depth) const {
  ValueFacts f;
  TSNode n = strip_parens(expr);
  switch (kind_of(n)) {
    case Kind::Identifier: {
      int32_t b = model_.binding_of_node(n);
      if (b < 0) {
        const Binding* found = model_.resolve(node_text(n, text_), scope, ts_node_start_byte(n));
        b = found ? static_cast<int32_t>(found - model_.bindings().data()) : -1;
      }
      if (b < 0) return f;
      if (const Binding& imported = model_.bindings()[static_cast<uint32_t>(b)];
          imported.kind == BindingKind::FromImport && is_float_constant(imported.qualified)) {
        f.kind = ValueKind::Scalar;  // `from numpy import pi`
        f.dtype = Dtype::Float64;
        return f;
      }
      f = of_binding_at(static_cast<uint32_t>(b), depth + 1);
      f.fresh = false;  // a name is another reference to its value
      // The binding resolve() names is the last one written before the read. When others may
      // reach it too (`if c: a = x` / `else: a = y`), the size is at most the largest of them all,
      // and the shape is known only when they agree.
      // So is a floor of its dtype (dropped without evaluating the others: that would change which
      // facts are cut short in a cycle of bindings).
      if (f.floor != Dtype::Unknown || f.elements || f.shape) {
        const Binding& binding = model_.bindings()[static_cast<uint32_t>(b)];
        if (!model_.has_one_value(binding, n, scope)) {
          f.floor = Dtype::Unknown;
          // A binding written after the read reaches it only around a loop, or when the read is
          // in a function run later (asked only when there is one: the walk up costs).
          std::optional<bool> later_too;
          auto reaches_later = [&] {
            if (!later_too) later_too = binding.scope != scope || inside_loop(n);
            return *later_too;
          };
          if (f.elements || f.shape)  // else the others are not evaluated
            for (uint32_t other : model_.bindings_of(binding.name, binding.scope)) {
              if (other == static_cast<uint32_t>(b)) continue;
              if (model_.bindings()[other].visible_from > ts_node_start_byte(n) && !reaches_later()) continue;
              const ValueFacts& o = of_binding_at(other, depth + 1);
              f.elements = f.elements && o.elements ? std::optional<uint64_t>(std::max(*f.elements, *o.elements))
                                                    : std::nullopt;
              if (f.shape != o.shape) f.shape.reset();
            }
        }
      }
      return f;
    }
    case Kind::Call:
      return of_call(n, scope, depth);
    case Kind::Integer:
      f.kind = ValueKind::Scalar;
      f.dtype = Dtype::Int64;
      return f;
    case Kind::Float:
      f.kind = ValueKind::Scalar;
      f.dtype = Dtype::Float64;
      return f;
    case Kind::True:
    case Kind::False:
    case Kind::None:
      f.kind = ValueKind::Scalar;
      return f;
    case Kind::String:
    case Kind::ConcatenatedString:
      f.kind = ValueKind::String;
      return f;
    case Kind::List:
    case Kind::Tuple:
    case Kind::ExpressionList: {  // `t = a, b` is a tuple too
      f.kind = is(n, Kind::List) ? ValueKind::List : ValueKind::Tuple;
      if (!has_named_child(n, Kind::ListSplat)) f.elements = named_child_count(n);
      return f;
    }
    case Kind::Dictionary:
      f.kind = ValueKind::Dict;
      return f;
    case Kind::Set:
      f.kind = ValueKind::Set;
      return f;
    case Kind::ListComprehension:
    case Kind::SetComprehension:
    case Kind::DictionaryComprehension:
    case Kind::GeneratorExpression: {
      Kind k = kind_of(n);
      f.kind = k == Kind::GeneratorExpression       ? ValueKind::Iterator
               : k == Kind::DictionaryComprehension ? ValueKind::Dict
               : k == Kind::SetComprehension        ? ValueKind::Set
                                                    : ValueKind::List;
      if (k == Kind::GeneratorExpression) return f;  // lazy: holds nothing
      // The first `for` clause's iterable is evaluated in the enclosing scope. Its length is the
      // comprehension's only when no other `for` clause multiplies it.
      uint32_t clauses = 0;
      for_each_named_child(n, [&](TSNode c) {
        clauses += is(c, Kind::ForInClause);
        return clauses < 2;
      });
      for (uint32_t i = 0; i < named_child_count(n); ++i) {
        TSNode c = named_child(n, i);
        if (!is(c, Kind::ForInClause)) continue;
        TSNode it = child_by_field(c, Field::Right);
        ValueFacts src = of_expression_at(it, scope, depth + 1);
        if (src.kind == ValueKind::Range || (is(strip_parens(it), Kind::Call) &&
                                             model_.qualified_name(child_by_field(strip_parens(it), Field::Function), scope) ==
                                                 "builtins.range")) {
          TSNode rargs = child_by_field(strip_parens(it), Field::Arguments);
          if (is(rargs, Kind::ArgumentList) && named_child_count(rargs) == 1 && clauses == 1)
            if (auto v = model_.constant_int(named_child(rargs, 0), scope); v && *v >= 0)
              f.elements = static_cast<uint64_t>(*v);
          f.large = large_size(f.bytes(), false);
        } else {
          f.large = src.large;
          if (src.elements && clauses == 1) f.elements = src.elements;
          // Over a slice with constant bounds (`for p in parts[-3:]`), of a sequence of any kind
          // but a frame or a mapping (whose iteration is their columns or keys): a few items.
          if (auto most = slice_items_at_most(strip_parens(it), scope);
              most && clauses == 1 && src.kind != ValueKind::DataFrame && src.kind != ValueKind::Dict) {
            f.elements = f.elements ? std::min(*f.elements, *most) : *most;
            f.large = f.large && *most * 8 >= min_bytes_;
          }
        }
        break;
      }
      return f;
    }
    case Kind::BinaryOperator: {
      TSNode l = child_by_field(n, Field::Left), r = child_by_field(n, Field::Right);
      std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
      ValueFacts lf = of_expression_at(l, scope, depth + 1), rf = of_expression_at(r, scope, depth + 1);
      auto array_like = [](ValueKind k) {
        return k == ValueKind::NDArray || k == ValueKind::Tensor || k == ValueKind::DataFrame || k == ValueKind::Series;
      };
      auto vector = [](const ValueFacts& v) {
        return v.kind == ValueKind::NDArray && v.shape && v.shape->size() == 1;
      };
      if (op == "@" && vector(lf) && vector(rf)) {
        f.kind = ValueKind::Scalar;  // the product of two vectors is one number
        return f;
      }
      if (array_like(lf.kind) || array_like(rf.kind)) {
        bool left_array = array_like(lf.kind);
        const ValueFacts& arr = left_array ? lf : rf;
        TSNode other = left_array ? r : l;
        const ValueFacts& of = left_array ? rf : lf;
        f.kind = arr.kind;
        f.dtype = op == "@" ? Dtype::Unknown : operation_dtype(arr, other, of, op, scope);
        // Arithmetic never lowers a kind: a floating operand (or a true division) makes the
        // result floating or complex, whatever the widths (`x * 0.5` is never an int array).
        if (f.dtype == Dtype::Unknown && f.kind == ValueKind::NDArray && is_arithmetic_operator(op)) {
          Dtype fl = join_floors(op == "/" ? Dtype::Float16 : Dtype::Unknown, kind_floor(floor_of(arr)));
          if (of.kind == ValueKind::Scalar || of.kind == ValueKind::NDArray || is_python_float_literal(other))
            fl = join_floors(fl, kind_floor(is_python_float_literal(other) ? Dtype::Float64 : floor_of(of)));
          f.floor = fl;
        }
        if (of.kind == ValueKind::Scalar || is_python_int_literal(other) || is_python_float_literal(other)) {
          f.elements = arr.elements;
          if (op != "@") f.shape = arr.shape;
        } else if (op != "@" && lf.kind == ValueKind::NDArray && rf.kind == ValueKind::NDArray) {
          f.shape = broadcast(lf.shape, rf.shape);
          if (auto e = elements_of(f.shape)) f.elements = e;
        } else if (op == "@" && lf.kind == ValueKind::NDArray && rf.kind == ValueKind::NDArray && lf.shape &&
                   rf.shape && lf.shape->size() <= 2 && rf.shape->size() <= 2) {
          // (m, n) @ (n, k) is (m, k); a vector operand drops its dimension (two vectors: a number,
          // above)
          std::vector<int64_t> shape;
          if (lf.shape->size() == 2) shape.push_back(lf.shape->front());
          if (rf.shape->size() == 2) shape.push_back(rf.shape->back());
          f.shape = shape;
          if (auto e = elements_of(f.shape)) f.elements = e;
        }
        // A view of a large array (`r[::-1]`) makes the result as large, on either side.
        auto large_view = [&](const ValueFacts& v) {
          return v.is_view && v.view_base >= 0 && of_binding_at(static_cast<uint32_t>(v.view_base), depth + 1).large;
        };
        f.large = lf.large || rf.large || large_view(lf) || large_view(rf);
        f.fresh = f.kind == ValueKind::NDArray;  // arithmetic allocates its result
        return f;
      }
      auto sequence = [](ValueKind k) { return k == ValueKind::List || k == ValueKind::Tuple; };
      if (sequence(lf.kind) || sequence(rf.kind)) {
        f.kind = sequence(lf.kind) ? lf.kind : rf.kind;
        if (op == "*") {
          const ValueFacts& lst = sequence(lf.kind) ? lf : rf;
          auto times = model_.constant_int(sequence(lf.kind) ? r : l, scope);
          if (lst.elements && times && *times >= 0) f.elements = *lst.elements * static_cast<uint64_t>(*times);
          f.large = lst.large || large_size(f.bytes(), !times.has_value() && false);
        } else {
          f.large = lf.large || rf.large;
        }
        return f;
      }
      if (lf.kind == ValueKind::Set && (op == "-" || op == "|" || op == "&" || op == "^")) {
        f.kind = ValueKind::Set;  // difference, union, intersection of a set: a new set
        f.large = lf.large || rf.large;
        return f;
      }
      if (lf.kind == ValueKind::String || rf.kind == ValueKind::String) f.kind = ValueKind::String;
      else if (lf.kind == ValueKind::Scalar && rf.kind == ValueKind::Scalar) {
        f.kind = ValueKind::Scalar;
        f.dtype = python_arithmetic(lf.dtype, rf.dtype, op, r, text_);
      }
      f.large = lf.large || rf.large;
      return f;
    }
    case Kind::UnaryOperator: {
      f = of_expression_at(child_by_field(n, Field::Argument), scope, depth + 1);
      f.is_view = false;
      f.view_base = -1;
      f.fresh = f.kind == ValueKind::NDArray;  // -a, +a and ~a allocate
      return f;
    }
    case Kind::Subscript: {
      TSNode value = child_by_field(n, Field::Value);
      if (is(strip_parens(value), Kind::Attribute) && model_.qualified_name(strip_parens(value), scope) == "numpy.r_")
        return concatenated_r(n, value, scope, depth);
      ValueFacts v = of_expression_at(value, scope, depth + 1);
      if (v.kind == ValueKind::NDArray) {
        // Basic indexing (slices, integers, Ellipsis, None) gives a view; anything else copies.
        // One integer per dimension picks an element: a numpy scalar, however large the array.
        // The shape of a view follows from integers (a dimension dropped), `:` (kept), other
        // slices (an extent not known) and None (a new extent of 1).
        bool basic = true, shaped = true;
        size_t integers = 0, indices = 0, dimension = 0;
        std::vector<int64_t> shape;
        auto extent = [&]() -> int64_t {
          return v.shape && dimension < v.shape->size() ? (*v.shape)[dimension] : (shaped = false, -1);
        };
        for_each_named_child(n, [&](TSNode c) {
          if (ts_node_eq(c, value) || is(c, Kind::Comment)) return true;
          ++indices;
          TSNode e = strip_parens(c);
          Kind ck = kind_of(e);
          if (ck == Kind::Slice) {
            int64_t d = extent();
            shape.push_back(named_child_count(e) == 0 ? d : d < 0 ? -1 : slice_length(e, d, scope));
            ++dimension;
            return true;
          }
          if (ck == Kind::None) {
            shape.push_back(1);
            return true;
          }
          if ((ck == Kind::Identifier && node_text(c, text_) == "Ellipsis") ||
              (ck == Kind::Other && node_text(c, text_) == "...")) {
            shaped = false;
            return true;
          }
          if (integer_index_at(e, scope, depth + 1)) {
            ++integers;
            extent();
            ++dimension;
            return true;
          }
          basic = false;
          return true;
        });
        if (basic && v.shape && integers == indices && integers == v.shape->size()) {
          f.kind = ValueKind::Scalar;
          return f;
        }
        f.kind = ValueKind::NDArray;
        f.dtype = v.dtype;
        f.floor = v.floor;
        if (basic) {
          f.is_view = true;
          TSNode base = strip_parens(value);
          int32_t b = is(base, Kind::Identifier) ? model_.binding_of_node(base) : -1;
          f.view_base = v.is_view ? v.view_base : b;
          f.elements = v.elements;  // at most the array's
          if (shaped && v.shape) {
            for (; dimension < v.shape->size(); ++dimension) shape.push_back((*v.shape)[dimension]);
            f.shape = std::move(shape);
            if (auto e = elements_of(f.shape)) f.elements = e;
          }
        } else {
          f.large = v.large;
        }
        return f;
      }
      if (v.kind == ValueKind::DataFrame) {
        f.kind = ValueKind::Unknown;  // a column (Series) or a sub-frame
        f.large = v.large;
        return f;
      }
      if (v.kind == ValueKind::List || v.kind == ValueKind::Tuple) {
        if (has_named_child(n, Kind::Slice)) {
          f.kind = v.kind;
          f.large = v.large;
          if (auto most = slice_items_at_most(n, scope)) {
            f.elements = v.elements ? std::min(*most, *v.elements) : *most;
            f.large = f.large && *most * 8 >= min_bytes_;
          }
        }
      }
      return f;
    }
    case Kind::Attribute: {
      if (is_float_constant(model_.qualified_name(n, scope))) {
        f.kind = ValueKind::Scalar;
        f.dtype = Dtype::Float64;
        return f;
      }
      ValueFacts v = of_expression_at(child_by_field(n, Field::Object), scope, depth + 1);
      std::string_view attr = node_text(child_by_field(n, Field::AttributeField), text_);
      if (v.kind == ValueKind::NDArray && (attr == "T" || attr == "real" || attr == "imag" || attr == "flat")) {
        f = v;
        if (attr == "flat") f.shape.reset();
        if (attr == "T" && f.shape) std::reverse(f.shape->begin(), f.shape->end());
        if ((attr == "real" || attr == "imag") && is_complex_dtype(f.floor)) f.floor = Dtype::Float16;
        f.is_view = true;
        TSNode base = strip_parens(child_by_field(n, Field::Object));
        int32_t b = is(base, Kind::Identifier) ? model_.binding_of_node(base) : -1;
        f.view_base = v.is_view ? v.view_base : b;
        f.large = false;
        return f;
      }
      if ((v.kind == ValueKind::DataFrame || v.kind == ValueKind::Series) && attr == "values") {
        f.kind = ValueKind::NDArray;
        f.large = v.large;
      }
      return f;
    }
    case Kind::ConditionalExpression: {
      ValueFacts a = of_expression_at(named_child(n, 0), scope, depth + 1);
      ValueFacts b = of_expression_at(named_child(n, 2), scope, depth + 1);
      if (a.kind == b.kind) f.kind = a.kind;
      if (a.kind == b.kind && a.dtype == b.dtype) f.dtype = a.dtype;
      // Either value: at most the larger size, and a shape both share.
      if (a.kind == b.kind && a.elements && b.elements) f.elements = std::max(*a.elements, *b.elements);
      if (a.kind == b.kind && a.shape == b.shape) f.shape = a.shape;
      f.large = a.large || b.large;
      return f;
    }
    default:
      return f;
  }
}

}  // namespace pml

// ---------------------------------------------------------------------------------------------
// Array uses: does anything write into an array's memory?

namespace pml {

std::string_view to_string(ArrayUse u) {
  switch (u) {
    case ArrayUse::Read: return "read";
    case ArrayUse::TypeVisible: return "type-visible";
    case ArrayUse::Write: return "write";
    case ArrayUse::Escape: return "escape";
  }
  return "escape";
}

namespace {

// numpy functions that write into their first argument.
bool numpy_writes_first_argument(std::string_view q) {
  static const std::unordered_set<std::string_view> names = {
      "numpy.copyto", "numpy.put", "numpy.place", "numpy.putmask", "numpy.fill_diagonal", "numpy.put_along_axis",
      "numpy.random.shuffle"};
  if (names.count(q)) return true;
  // ufunc.at: `np.add.at(x, idx, v)` updates x in place.
  return q.size() > 9 && q.substr(q.size() - 3) == ".at";
}

// Number of inputs of a numpy ufunc (a positional argument after them is `out`), 0 when not a ufunc.
int numpy_ufunc_inputs(std::string_view q) {
  static const std::unordered_set<std::string_view> unary = {
      "numpy.sqrt", "numpy.exp", "numpy.exp2", "numpy.expm1", "numpy.log", "numpy.log2", "numpy.log10",
      "numpy.log1p", "numpy.abs", "numpy.absolute", "numpy.fabs", "numpy.square", "numpy.cbrt", "numpy.reciprocal",
      "numpy.sin", "numpy.cos", "numpy.tan", "numpy.arcsin", "numpy.arccos", "numpy.arctan", "numpy.sinh",
      "numpy.cosh", "numpy.tanh", "numpy.arcsinh", "numpy.arccosh", "numpy.arctanh", "numpy.negative",
      "numpy.positive", "numpy.sign", "numpy.floor", "numpy.ceil", "numpy.rint", "numpy.trunc", "numpy.isnan",
      "numpy.isinf", "numpy.isfinite", "numpy.logical_not", "numpy.invert", "numpy.bitwise_not", "numpy.deg2rad",
      "numpy.rad2deg", "numpy.degrees", "numpy.radians", "numpy.signbit", "numpy.spacing", "numpy.conjugate",
      "numpy.conj", "numpy.modf", "numpy.frexp", "numpy.isnat",
      // not ufuncs, but their second positional parameter is `out` too
      "numpy.fix", "numpy.isposinf", "numpy.isneginf"};
  static const std::unordered_set<std::string_view> binary = {
      "numpy.add", "numpy.subtract", "numpy.multiply", "numpy.divide", "numpy.true_divide", "numpy.floor_divide",
      "numpy.power", "numpy.float_power", "numpy.mod", "numpy.remainder", "numpy.fmod", "numpy.maximum",
      "numpy.minimum", "numpy.fmax", "numpy.fmin", "numpy.arctan2", "numpy.hypot", "numpy.logaddexp",
      "numpy.logaddexp2", "numpy.copysign", "numpy.nextafter", "numpy.ldexp", "numpy.bitwise_and",
      "numpy.bitwise_or", "numpy.bitwise_xor", "numpy.left_shift", "numpy.right_shift", "numpy.equal",
      "numpy.not_equal", "numpy.less", "numpy.less_equal", "numpy.greater", "numpy.greater_equal",
      "numpy.logical_and", "numpy.logical_or", "numpy.logical_xor", "numpy.matmul", "numpy.heaviside",
      "numpy.gcd", "numpy.lcm"};
  if (unary.count(q)) return 1;
  if (binary.count(q)) return 2;
  return 0;
}

enum class MethodEffect { Read, Write, View, Unknown };

// What an ndarray method does to its receiver.
MethodEffect ndarray_method(std::string_view m, TSNode args, std::string_view text) {
  static const std::unordered_set<std::string_view> writes = {"sort", "fill", "resize", "put", "itemset",
                                                              "setfield", "partition", "setflags"};
  static const std::unordered_set<std::string_view> views = {"reshape", "view", "ravel", "transpose", "swapaxes",
                                                             "squeeze", "diagonal", "getfield", "newbyteorder"};
  static const std::unordered_set<std::string_view> reads = {
      "copy", "flatten", "tolist", "tobytes", "tostring", "tofile", "dump", "dumps", "item", "sum", "mean", "std",
      "var", "min", "max", "ptp", "argmax", "argmin", "argsort", "argpartition", "any", "all", "prod", "cumsum",
      "cumprod", "dot", "round", "clip", "nonzero", "searchsorted", "compress", "take", "repeat", "trace", "conj",
      "conjugate", "choose", "__len__"};
  if (writes.count(m)) return MethodEffect::Write;
  if (views.count(m)) return MethodEffect::View;
  if (m == "byteswap") {
    // byteswap(True) / byteswap(inplace=True) swaps in place; byteswap() copies.
    bool any = is(args, Kind::ArgumentList) && named_child_count(args) > 0;
    return any ? MethodEffect::Write : MethodEffect::Read;
  }
  if (m == "astype") {
    // astype(..., copy=False) returns the array itself when nothing changes.
    return ts_node_is_null(argument(args, -1, "copy", text)) ? MethodEffect::Read : MethodEffect::View;
  }
  if (reads.count(m)) return MethodEffect::Read;
  return MethodEffect::Unknown;
}

bool is_view_attribute(std::string_view a) {
  return a == "T" || a == "mT" || a == "real" || a == "imag" || a == "flat";
}


// True when `n` is (part of) an assignment, loop or `del` target.
bool is_store_target(TSNode n) {
  TSNode child = n;
  TSNode p = parent_of(n);
  while (is(p, Kind::PatternList) || is(p, Kind::TuplePattern) || is(p, Kind::ListPattern) || is(p, Kind::Tuple) ||
         is(p, Kind::List) || is(p, Kind::ParenthesizedExpression) || is(p, Kind::ExpressionList) ||
         is(p, Kind::ListSplatPattern) || is(p, Kind::ListSplat)) {
    child = p;
    p = parent_of(p);
  }
  Kind k = kind_of(p);
  if (k == Kind::Assignment || k == Kind::AugmentedAssignment || k == Kind::ForStatement || k == Kind::ForInClause)
    return ts_node_eq(child_by_field(p, Field::Left), child);
  return k == Kind::DeleteStatement;
}

// Positional index of `arg` in an argument list; -1 after an unpacking (unknown).
int positional_index(TSNode args, TSNode arg) {
  int index = 0, found = -1;
  for_each_named_child(args, [&](TSNode c) {
    if (ts_node_eq(c, arg)) return (found = index), false;
    Kind k = kind_of(c);
    if (k == Kind::Comment || k == Kind::KeywordArgument) return true;
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) return false;
    ++index;
    return true;
  });
  return found;
}

bool is_string_literal(TSNode n) {
  n = strip_parens(n);
  return is(n, Kind::String) || is(n, Kind::ConcatenatedString);
}

}  // namespace

std::vector<ArrayUseSite> ValueAnalyzer::array_uses(TSNode expr, uint32_t scope) const {
  std::vector<ArrayUseSite> out;
  std::vector<uint32_t> followed;
  array_uses_at(expr, scope, 0, followed, out);
  return out;
}

void ValueAnalyzer::array_uses_of_binding(uint32_t b, int depth, std::vector<uint32_t>& followed,
                                          std::vector<ArrayUseSite>& out) const {
  for (uint32_t f : followed)
    if (f == b) return;
  followed.push_back(b);
  const Binding& binding = model_.bindings()[b];
  std::string name(binding.name);
  if (depth > kMaxValueDepth || followed.size() > 64) {
    out.push_back({ArrayUse::Escape, binding.node, "`" + name + "` is reached through too many names"});
    return;
  }
  if (binding.scope == 0)
    out.push_back({ArrayUse::Escape, binding.node, "`" + name + "` is a module-level name other modules may import"});
  if (model_.scope(binding.scope).dynamic)
    out.push_back({ArrayUse::Escape, binding.node, "its scope calls locals(), vars(), eval() or exec()"});
  if (model_.bindings_of(binding.name, binding.scope).size() > 1)
    out.push_back({ArrayUse::Escape, binding.node, "`" + name + "` is bound more than once in its scope"});
  // With one binding, a read that resolves to nothing in the same scope comes before the binding
  // in the text and runs after it in a loop.
  for (const Reference& r : model_.references())
    if (r.binding < 0 && r.scope == binding.scope && r.name == binding.name) {
      out.push_back({ArrayUse::Escape, r.node, "`" + name + "` is read before its assignment (in a loop)"});
      break;
    }
  for (uint32_t id : model_.references_of(b)) {
    const Reference& ref = model_.references()[id];
    UseKind k = model_.use_kind(ref);
    if (k == UseKind::Captured) {
      out.push_back({ArrayUse::Escape, ref.node, "`" + name + "` is read in a nested function"});
      continue;
    }
    if (k == UseKind::Deleted) {
      out.push_back({ArrayUse::Read, ref.node, "deleted"});
      continue;
    }
    array_uses_at(ref.node, ref.scope, depth + 1, followed, out);
  }
}

void ValueAnalyzer::array_uses_at(TSNode expr, uint32_t scope, int depth, std::vector<uint32_t>& followed,
                                  std::vector<ArrayUseSite>& out) const {
  TSNode cur = expr;
  auto add = [&](ArrayUse u, std::string why) { out.push_back({u, cur, std::move(why)}); };
  auto follow_target = [&](TSNode target, std::string_view what) {
    target = strip_parens(target);
    int32_t b = is(target, Kind::Identifier) ? model_.binding_of_node(target) : -1;
    if (b < 0) {
      add(ArrayUse::Escape, std::string(what));
      return;
    }
    array_uses_of_binding(static_cast<uint32_t>(b), depth + 1, followed, out);
  };
  for (int steps = 0;; ++steps) {
    if (depth > kMaxValueDepth || steps > 64) return add(ArrayUse::Escape, "too deeply nested");
    TSNode p = parent_of(cur);
    if (ts_node_is_null(p)) return add(ArrayUse::Escape, "unknown context");
    switch (kind_of(p)) {
      case Kind::ParenthesizedExpression:
        cur = p;
        continue;
      case Kind::Subscript:
        if (!ts_node_eq(child_by_field(p, Field::Value), cur)) return add(ArrayUse::Read, "used as an index");
        if (is_store_target(p)) return add(ArrayUse::Write, "element assignment");
        cur = p;  // an element or a slice, possibly a view: follow it
        continue;
      case Kind::Slice:
        return add(ArrayUse::Read, "used as a slice bound");
      case Kind::Attribute: {
        std::string attr(node_text(child_by_field(p, Field::AttributeField), text_));
        TSNode call = parent_of(p);
        if (is(call, Kind::Call) && ts_node_eq(child_by_field(call, Field::Function), p)) {
          switch (ndarray_method(attr, child_by_field(call, Field::Arguments), text_)) {
            case MethodEffect::Read: return add(ArrayUse::Read, "`." + attr + "()`");
            case MethodEffect::Write: return add(ArrayUse::Write, "`." + attr + "()` updates it in place");
            case MethodEffect::View:
              cur = call;
              continue;
            case MethodEffect::Unknown: return add(ArrayUse::Escape, "`." + attr + "()` is not a known ndarray method");
          }
        }
        if (is_store_target(p)) return add(ArrayUse::Escape, "`." + attr + "` is assigned");
        if (is_metadata_attribute(attr)) return add(ArrayUse::Read, "`." + attr + "`");
        if (is_view_attribute(attr)) {
          cur = p;
          continue;
        }
        return add(ArrayUse::Escape, "`." + attr + "` is not a known ndarray attribute");
      }
      case Kind::KeywordArgument:
      case Kind::ArgumentList: {
        bool keyword = is(p, Kind::KeywordArgument);
        if (keyword && !ts_node_eq(child_by_field(p, Field::Value), cur)) return add(ArrayUse::Escape, "unknown context");
        TSNode args = keyword ? parent_of(p) : p;
        TSNode call = parent_of(args);
        if (!is(call, Kind::Call)) return add(ArrayUse::Escape, "passed as an argument");
        std::string_view kw = keyword ? node_text(child_by_field(p, Field::Name), text_) : std::string_view{};
        if (kw == "out") return add(ArrayUse::Write, "passed as `out=`");
        TSNode fn = child_by_field(call, Field::Function);
        std::string shown(node_text(fn, text_));
        const std::string& q = model_.qualified_name(fn, scope);
        int pos = keyword ? -1 : positional_index(args, cur);
        if (q.rfind("numpy.ndarray.", 0) == 0 && pos == 0) {
          // `np.ndarray.sort(x)`: a method called through the class.
          std::string method = q.substr(14);
          if (method == "byteswap" || method == "astype")  // their arguments are shifted by one here
            return add(ArrayUse::Escape, "passed to `" + shown + "`");
          switch (ndarray_method(method, TSNode{}, text_)) {
            case MethodEffect::Read: return add(ArrayUse::Read, "`" + shown + "`");
            case MethodEffect::Write: return add(ArrayUse::Write, "`" + shown + "` updates it in place");
            case MethodEffect::View:
              cur = call;
              continue;
            case MethodEffect::Unknown: return add(ArrayUse::Escape, "passed to `" + shown + "`");
          }
        }
        if (q.rfind("numpy.", 0) == 0) {
          if (numpy_unmodelled(q)) return add(ArrayUse::Escape, "passed to `" + shown + "`");
          if (q == "numpy.array_repr") return add(ArrayUse::TypeVisible, "`" + shown + "()` shows its type");
          if (numpy_writes_first_argument(q)) {
            if (pos == 0) return add(ArrayUse::Write, "`" + shown + "` writes into it");
            return add(ArrayUse::Read, "passed to `" + shown + "`");
          }
          if (q == "numpy.nan_to_num" && pos == 0) {
            TSNode copy = argument(args, 1, "copy", text_);
            if (!ts_node_is_null(copy) && !is(strip_parens(copy), Kind::True))
              return add(ArrayUse::Write, "`" + shown + "(copy=False)` writes into it");
            return add(ArrayUse::Read, "passed to `" + shown + "`");
          }
          if (numpy_may_return_view(q)) {
            if (q == "numpy.array" && ts_node_is_null(argument(args, -1, "copy", text_)))
              return add(ArrayUse::Read, "copied by `" + shown + "`");
            cur = call;  // the result may be this array or a view of it
            continue;
          }
          if (int nin = numpy_ufunc_inputs(q); nin > 0) {
            if (pos < 0 && !keyword) return add(ArrayUse::Escape, "passed to `" + shown + "` after an unpacking");
            if (pos >= nin) return add(ArrayUse::Write, "the positional `out` of `" + shown + "`");
            return add(ArrayUse::Read, "passed to `" + shown + "`");
          }
          if (keyword || pos == 0 || pos == 1) return add(ArrayUse::Read, "passed to `" + shown + "`");
          return add(ArrayUse::Escape, "a later positional argument of `" + shown + "` may be its `out`");
        }
        if (q == "builtins.min" || q == "builtins.max") {
          cur = call;  // the largest element: a row (a view) of a 2-D array
          continue;
        }
        if (q == "builtins.repr" || q == "builtins.type" || q == "builtins.ascii")
          return add(ArrayUse::TypeVisible, "`" + shown + "()` shows its type");
        if (builtin_keeps_no_reference(q) || q.rfind("math.", 0) == 0) return add(ArrayUse::Read, "passed to `" + shown + "`");
        return add(ArrayUse::Escape, "passed to `" + shown + "`");
      }
      case Kind::Assignment: {
        // `a = b = x`: the chain nests on the right; every target holds the array.
        TSNode inner = cur;
        for (TSNode a = p; is(a, Kind::Assignment) && ts_node_eq(child_by_field(a, Field::Right), inner);
             inner = a, a = parent_of(a)) {
          TSNode left = strip_parens(child_by_field(a, Field::Left));
          if (is(left, Kind::Identifier)) follow_target(left, "assigned");
          else if (is(left, Kind::Subscript) || is(left, Kind::Attribute)) out.push_back({ArrayUse::Escape, cur, "stored in `" + std::string(node_text(left, text_)) + "`"});
          else out.push_back({ArrayUse::Escape, cur, "unpacked"});
        }
        if (ts_node_eq(inner, cur)) add(ArrayUse::Escape, "unknown assignment context");
        return;
      }
      case Kind::AugmentedAssignment:
        if (ts_node_eq(child_by_field(p, Field::Left), cur)) return add(ArrayUse::Write, "augmented assignment");
        return add(ArrayUse::Read, "operand");
      case Kind::ForStatement:
      case Kind::ForInClause:
        if (!ts_node_eq(child_by_field(p, Field::Right), cur)) return add(ArrayUse::Escape, "unknown loop context");
        return follow_target(child_by_field(p, Field::Left), "unpacked by a loop");
      case Kind::BinaryOperator: {
        std::string_view op = node_text(child_by_field(p, Field::Operator), text_);
        if (op == "%" && is_string_literal(child_by_field(p, Field::Left)))
          return add(ArrayUse::TypeVisible, "%-formatting may show its repr");
        return add(ArrayUse::Read, "operand");
      }
      case Kind::ComparisonOperator:
      case Kind::UnaryOperator:
        return add(ArrayUse::Read, "operand");
      case Kind::ConditionalExpression:
        if (ts_node_eq(named_child(p, 1), cur)) return add(ArrayUse::Read, "condition");
        cur = p;
        continue;
      case Kind::ExpressionStatement:
        if (model_.displayed(p)) return add(ArrayUse::TypeVisible, "a notebook shows it and keeps it in `Out`");
        return add(ArrayUse::Read, "evaluated");
      case Kind::IfStatement:
      case Kind::WhileStatement:
      case Kind::IfClause:
        return add(ArrayUse::Read, "evaluated");
      case Kind::Interpolation:
        for (uint32_t i = 0; i < ts_node_child_count(p); ++i) {
          TSNode c = ts_node_child(p, i);
          if (std::string_view(ts_node_type(c)) == "type_conversion" && node_text(c, text_) != "!s")
            return add(ArrayUse::TypeVisible, "formatted with `" + std::string(node_text(c, text_)) + "`");
        }
        return add(ArrayUse::Read, "formatted");
      case Kind::DeleteStatement:
        return add(ArrayUse::Read, "deleted");
      case Kind::ReturnStatement:
        return add(ArrayUse::Escape, "returned");
      case Kind::Yield:
      case Kind::Await:
        return add(ArrayUse::Escape, "yielded");
      case Kind::ExpressionList: {
        TSNode gp = parent_of(p);
        if (is(gp, Kind::ReturnStatement)) return add(ArrayUse::Escape, "returned");
        if (is(gp, Kind::DeleteStatement)) return add(ArrayUse::Read, "deleted");
        return add(ArrayUse::Escape, "stored in a tuple");
      }
      case Kind::List:
      case Kind::Tuple: {
        // `np.concatenate([x, y])`: a sequence of arrays handed to a numpy function that copies.
        TSNode args = parent_of(p);
        TSNode call = parent_of(args);
        if (is(args, Kind::ArgumentList) && is(call, Kind::Call) && positional_index(args, p) == 0) {
          TSNode fn = child_by_field(call, Field::Function);
          const std::string& q = model_.qualified_name(fn, scope);
          if (q.rfind("numpy.", 0) == 0 && !numpy_unmodelled(q) && !numpy_may_return_view(q) &&
              !numpy_writes_first_argument(q) && numpy_ufunc_inputs(q) == 0)
            return add(ArrayUse::Read, "copied by `" + std::string(node_text(fn, text_)) + "`");
        }
        return add(ArrayUse::Escape, "stored in a container");
      }
      default:
        return add(ArrayUse::Escape, "stored or used in a way not modelled");
    }
  }
}

}  // namespace pml
