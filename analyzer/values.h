// Value facts: the one table of known producers (numpy, pandas, ...) with their default dtypes and
// result shapes, and what the analyzer can say statically about a producer call. Every rule reads
// this; no rule keeps its own list of library names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/syntax.h"

namespace pml {

class SemanticModel;

enum class ValueKind { Unknown, NDArray, DataFrame, Series, List, Tensor, File, Scalar };

enum class Dtype { Unknown, Float64, Float32, Float16, Int64, Int32, Int16, Int8, Uint8, Bool, Complex128, Object };

std::string_view dtype_name(Dtype d);
// Bytes per element (for Object: the pointer, 8); 0 when unknown.
uint32_t dtype_itemsize(Dtype d);

// How a producer's result dtype is decided when the call passes no dtype.
enum class DefaultDtype {
  Float64,       // always float64 (zeros, ones, empty, random.rand, loadtxt, ...)
  FromFill,      // np.full: the fill value's type
  FromArguments, // np.arange: float64 when any of start/stop/step is a float
  FromInput,     // np.array, *_like: the input's dtype (unknown here)
};

// How the number of elements follows from the arguments.
enum class SizeFrom {
  Unknown,    // depends on data (loadtxt, genfromtxt, array of an unknown iterable)
  Shape,      // an int or a sequence of ints at `size_pos` / `size_kw`
  Square,     // identity(n): n * n
  Eye,        // eye(N, M=None): N * (M or N)
  Varargs,    // random.rand(d0, d1, ...): product of all positional arguments; none -> scalar
  OptionalShape, // random.random(size=None): shape at size_pos/size_kw; absent or None -> scalar
  Num,        // linspace/logspace: `num`, default 50
  Arange,     // ceil((stop - start) / step)
  Literal,    // np.array([...]): the literal sequence's length (one level)
};

struct Producer {
  std::string_view qualified;   // "numpy.zeros"
  ValueKind kind = ValueKind::NDArray;
  DefaultDtype default_dtype = DefaultDtype::Float64;
  int dtype_pos = -1;           // positional index of dtype, -1 when keyword-only or absent
  bool takes_dtype = true;      // false for the legacy np.random.* functions
  SizeFrom size = SizeFrom::Unknown;
  int size_pos = 0;
  std::string_view size_kw;     // keyword name of the size/shape argument
};

// The known producer for a fully qualified callee name, or nullptr.
const Producer* find_producer(std::string_view qualified);

// What is statically known about one producer call.
struct CallFacts {
  const Producer* producer = nullptr;
  TSNode call{};
  TSNode args{};
  TSNode dtype_arg{};               // the dtype argument, when passed (positional or keyword)
  bool has_unpacking = false;       // *args or **kwargs: arguments are not statically known
  bool scalar = false;              // returns a scalar, not an array (random functions without size)
  Dtype dtype = Dtype::Unknown;     // resulting dtype when known
  std::optional<uint64_t> elements; // number of elements when static
  std::optional<uint64_t> bytes() const;
};

// Facts about `call` when its callee resolves to a known producer; producer == nullptr otherwise.
CallFacts call_facts(TSNode call, uint32_t scope, const SemanticModel& model, std::string_view text);

// The dtype an explicit dtype expression names: `np.float32`, `"float32"`, `float`, `object`, "O".
Dtype dtype_of_expression(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text);

// An argument by keyword or position (keyword wins); null when absent. Positional arguments stop
// at the first keyword or unpacking.
TSNode argument(TSNode args, int pos, std::string_view keyword, std::string_view text);

// "~819 MB": decimal units, as people read sizes.
std::string format_bytes(uint64_t bytes);

}  // namespace pml
