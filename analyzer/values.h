// Value facts: the one table of known producers (numpy, pandas, ...) with their default dtypes and
// result shapes, and what the analyzer can say statically about a producer call. Every rule reads
// this; no rule keeps its own list of library names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/semantic.h"
#include "analyzer/syntax.h"

namespace pml {

struct Binding;
struct Reference;

enum class ValueKind {
  Unknown,
  NDArray,
  DataFrame,
  Series,
  List,
  Tuple,      // tuple literals and tuple(): a sequence that cannot be updated in place
  Dict,
  Set,        // set displays and comprehensions, set(), frozenset(): no order, no index
  Tensor,
  File,
  String,     // str or bytes (f.read())
  Scalar,     // numbers, booleans, None; dtype Float64 / Int64 for a Python float / int
  Range,      // range(...)
  Generator,  // numpy.random.Generator (default_rng)
  Pool,       // multiprocessing.Pool
  Executor,   // concurrent.futures process/thread pools
  Manager,    // multiprocessing.Manager()
  Proxy,      // a Manager's shared object (manager.list/dict/Namespace/Array/Value): lives in its server process
  Iterator,   // generators, map objects, file iterators: consumed once
};
std::string_view kind_name(ValueKind k);

// numpy's fixed-width dtypes. longdouble (float128/float96) and clongdouble are left Unknown: their
// width and precision depend on the platform (80-bit extended in 16 bytes on x86-64 Linux, IEEE
// quad on aarch64 Linux, float64 itself on Windows and Apple silicon), and so do their sizes.
enum class Dtype {
  Unknown,
  Float64,
  Float32,
  Float16,
  Int64,
  Int32,
  Int16,
  Int8,
  Uint64,
  Uint32,
  Uint16,
  Uint8,
  Bool,
  Complex128,
  Complex64,
  Object
};

std::string_view dtype_name(Dtype d);
// Bytes per element (for Object: the pointer, 8); 0 when unknown.
uint32_t dtype_itemsize(Dtype d);

// A number written in Python: an int, float or bool literal (with a sign), or a name bound once to
// one. Never a numpy scalar (ValueAnalyzer::python_number).
struct PythonNumber {
  enum Kind { Int, Float, Bool } kind = Int;
  int64_t i = 0;  // Int and Bool
  double f = 0;   // Float
};

// How a producer's result dtype is decided when the call passes no dtype.
enum class DefaultDtype {
  Float64,       // always float64 (zeros, ones, empty, random.rand, loadtxt, ...)
  FromFill,      // np.full: the fill value's type
  FromArguments, // np.arange: float64 when any of start/stop/step is a float
  FromInput,     // np.array, *_like: the input's dtype (unknown here)
  // linspace, logspace, geomspace: float64 unless `start` or `stop` is complex (complex128) or a
  // float32 or float16 array or scalar (then it depends on numpy's version: unknown)
  FromEndpoints,
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
  Text,       // loadtxt, read_csv: parses its input at `size_pos`/`size_kw`; at most one element per
              // character of a text the source states (StringIO of a literal, a list of literal
              // lines), unknown otherwise
  Arguments,  // concatenate, ufuncs, pd.concat: as large as the largest argument
  Count,      // fromfile, frombuffer: at most `count` items (at `size_pos` / `size_kw`) of a dtype
              // known here, one dimension; -1, the default, reads to the end (unknown)
};

// numpy ufuncs (they take `out=`) and how their result dtype follows from the inputs'.
enum class Ufunc {
  None,
  Binary,      // promotes like Producer::op (`np.add` like `+`)
  Unary,       // keeps the input dtype (negative, square)
  UnaryFloat,  // integers and booleans give floats (sqrt, exp, log, sin, ...)
  UnaryAbs,    // keeps the dtype except complex, which gives its real type (abs, absolute)
};

// Producers that join pieces into a new array or frame (growth by concatenation, MEM203).
enum class Concat {
  None,
  Sequence,  // the first argument is the sequence of pieces: concatenate, vstack, pd.concat, torch.cat
  Append,    // np.append(arr, values, axis=None): flattens both when axis is None
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
  bool large_when_unknown = true;  // an unknown size from this producer counts as large (RULES.md)
  // May return its argument or an existing buffer as is (np.asarray of an array, np.frombuffer,
  // memmaps): its result is not a new allocation.
  bool shares_input = false;
  // Positional index of an argument that makes the call return an existing array instead of a new
  // one (a ufunc's `out`, np.load's `mmap_mode`, nan_to_num's `copy`); -1: none. The keywords
  // `out`, `copy` and `mmap_mode` are recognised by name for every producer.
  int out_pos = -1;
  Concat concat = Concat::None;
  Ufunc ufunc = Ufunc::None;
  std::string_view op;  // Ufunc::Binary: the operator with the same promotion ("+", "/", "max")
};

// An ndarray method that returns a view of the array (`reshape`, `view`, `ravel`, `transpose`,
// `swapaxes`, `squeeze`, `diagonal`: a read-only view since NumPy 1.9); a list has none of them.
bool is_view_method(std::string_view method);

// The known producer for a fully qualified callee name, or nullptr.
const Producer* find_producer(std::string_view qualified);
// Every producer the analyzer knows.
std::span<const Producer> all_producers();

// What is statically known about one producer call.
struct CallFacts {
  const Producer* producer = nullptr;
  TSNode call{};
  TSNode args{};
  TSNode dtype_arg{};               // the dtype argument, when passed (positional or keyword)
  bool has_unpacking = false;       // *args or **kwargs: arguments are not statically known
  bool scalar = false;              // returns a scalar, not an array (random functions without size)
  bool invalid = false;             // a required size argument is missing or None: a TypeError
  Dtype dtype = Dtype::Unknown;     // resulting dtype when known
  std::optional<uint64_t> elements; // number of elements when static (at most this many)
  // The shape when the number of dimensions is static; -1 marks an extent that is not (extents
  // are exact, never bounds).
  std::optional<std::vector<int64_t>> shape;
  std::optional<uint64_t> bytes() const;
};

// Facts about `call`, a call known to invoke `producer` (by name, or a Generator method on `rng`).
// ValueAnalyzer::facts_of_call finds the producer and remembers the answer.
CallFacts producer_call_facts(TSNode call, const Producer& producer, uint32_t scope, const SemanticModel& model,
                              std::string_view text);

// The dtype an explicit dtype expression names: `np.float32`, `"float32"`, `float`, `object`, "O".
Dtype dtype_of_expression(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text);



// How one use treats the memory of an ndarray (MEM601 asks whether a loaded array is only read).
enum class ArrayUse {
  Read,         // reads elements or metadata: x[i], x.shape, x.sum(), x + y, np.mean(x), len(x), print(x)
  TypeVisible,  // a read that also shows the Python type: repr(x), type(x), f"{x!r}", "%r" % x
  Escape,       // out of sight: returned, stored, passed to an unknown callee, captured, rebound
  Write,        // writes elements in place: x[i] = v, x += 1, x.sort(), out=x, np.copyto(x, v)
};  // ordered from the weakest to the strongest claim
std::string_view to_string(ArrayUse u);

struct ArrayUseSite {
  ArrayUse use = ArrayUse::Read;
  TSNode node{};     // the expression used: the name, or a view of it
  std::string why;   // e.g. "subscript assignment", "passed to `fit`", "returned"
};

// What the analyzer knows about a value (RULES.md's vocabulary).
struct ValueFacts {
  ValueKind kind = ValueKind::Unknown;
  Dtype dtype = Dtype::Unknown;
  std::optional<uint64_t> elements;  // static element count
  // Arrays: the shape when the number of dimensions is static; -1 marks an extent that is not.
  std::optional<std::vector<int64_t>> shape;
  bool large = false;                // may be big: a known producer, or computed from a large value
  bool is_view = false;              // a numpy view: shares memory with `view_base`
  int32_t view_base = -1;            // binding id of the viewed array, when known
  // The expression allocates a new array that nothing else refers to: a producer call without
  // `out=`/`copy=False`/`mmap_mode`, arithmetic on arrays, `.copy()`, `.astype(T)`. False for names
  // (an alias), views, np.asarray (may return its input) and whatever the analyzer cannot tell.
  bool fresh = false;
  const Producer* producer = nullptr;
  // When `dtype` is Unknown, a dtype the value's is known to be promoted from, if any: the value's
  // dtype is numpy's promotion of `floor` with some other dtype (or object, or one Dtype does not
  // name, such as timedelta64). Float16 for a floating or complex result of unknown width (a true
  // division, arithmetic with a Python float), Complex64 for a complex one, Float64 for a join with
  // a float64 array. Unknown: nothing known.
  Dtype floor = Dtype::Unknown;
  // Bytes when the element count and the dtype are known (lists: 32 bytes per element, a
  // pointer plus a boxed float).
  std::optional<uint64_t> bytes() const;
};

// Computes value facts for expressions and bindings from the semantic model and the producer
// table, propagating through assignments and calls in straight-line code: `b = f(a)` is large
// when `a` is. One analyzer per file; binding facts are memoized.
// While it lives, the analyzer is the model's ArrayShapes: the model's constants then include the
// extents of arrays whose shape these facts know.
class ValueAnalyzer final : public ArrayShapes {
 public:
  ValueAnalyzer(const SemanticModel& model, std::string_view text, uint64_t min_bytes);
  ~ValueAnalyzer();
  ValueAnalyzer(const ValueAnalyzer&) = delete;
  ValueAnalyzer& operator=(const ValueAnalyzer&) = delete;
  // The shape of the array `expr` evaluates to where it is read, when every extent is known and
  // the same on every path that reaches the read; an array resized or given a new shape in place
  // has none.
  std::optional<std::vector<int64_t>> known_shape(TSNode expr, uint32_t scope) const override;
  // At most how many elements that array has, under the same conditions.
  std::optional<uint64_t> element_bound(TSNode expr, uint32_t scope) const override;
  // Whether a pandas frame or Series bound by `id` may change its shape in place (a column
  // added, rows appended or dropped).
  bool frame_changed_in_place(uint32_t id) const;
  // Whether the array bound by `id` has its flags changed by one of its reads
  // (`a.setflags(write=False)`): it may be read-only, and then its binding's facts are not `fresh`.
  bool flags_changed(uint32_t id) const;

  ValueFacts of_expression(TSNode expr, uint32_t scope) const;
  // The producer a call invokes: by qualified name, or a method of a receiver whose facts are
  // known (`rng.random(...)` with `rng = np.random.default_rng()`, `manager.list(...)` with
  // `manager = mp.Manager()`, `ctx.Pool(...)` with `ctx = mp.get_context(...)`). nullptr when unknown.
  // `depth`: how deep the caller already is in expression evaluation (bounds the recursion through
  // receivers such as `a.copy().copy()...`).
  const Producer* producer_of(TSNode call, uint32_t scope, int depth = 0) const;
  // call_facts for whatever producer_of finds (remembered with the analyzer).
  const CallFacts& facts_of_call(TSNode call, uint32_t scope) const;
  // producer_call_facts(call, producer, ...), remembered: several rules and of_call ask.
  const CallFacts& facts_for(TSNode call, const Producer& producer, uint32_t scope) const;
  // Facts of the value a binding holds (its assigned expression). Parameters are Unknown unless
  // annotated as numpy arrays (`np.ndarray`, `npt.NDArray[np.float32]`); `for i in range(...)`
  // targets are ints; other bindings without an expression are Unknown.
  const ValueFacts& of_binding(uint32_t binding) const;
  // False when of_binding cannot find the binding's value large: nothing it is computed from
  // (following names through assignments) calls a producer that can start a large value (by an
  // import's attribute chain or a builtin's name) or multiplies (`[0] * n`), and every large value
  // starts at one of those. Far cheaper than of_binding (one pass over the file's bindings, on
  // first use), so rules that want only large values ask it first.
  bool may_be_large(uint32_t binding) const;
  // Whether a read of an array may leave another object sharing its memory: an alias, a view
  // (basic slicing, reshape, .T, np.asarray), an iterator or container holding it, a callee that
  // may keep it; true when the analyzer cannot tell. Reads that consume the array (arithmetic,
  // reductions, len, metadata, element writes `x[i] = v`, calls whose result is fresh) share nothing.
  bool read_may_share(const Reference& ref) const;
  // Whether something computed from the binding's value that may share its memory is kept beyond
  // its statement (bound to a name, stored, returned, yielded): an element or a slice
  // (`x = out[0]`), a view, a pandas column, `.values`, `head()`, a pandas method's result
  // (copy-on-write). Unlike read_may_share, such a value passed to a call is taken to live no
  // longer than the call, as the binding's own value is by the lifetime rules.
  bool derived_value_kept(uint32_t binding) const;
  // Facts of what an identifier read refers to (via its binding).
  ValueFacts of_name(TSNode identifier) const;
  // Every use of the ndarray `expr` evaluates to, following names bound to it or to views of it
  // (`y = x`, `v = x[1:]`, `for row in x`, `np.asarray(x)`, `x.T`). A followed name bound more than
  // once in its scope, bound at module level, or read before its binding (a loop) adds an Escape
  // site, and its reads are still classified, so a Write is found even then.
  std::vector<ArrayUseSite> array_uses(TSNode expr, uint32_t scope) const;
  // Whether an index selects like an int (one element along its dimension): an integer literal
  // (`-1`) or a Python int (`i` of `for i in range(n)`, `i + 1`).
  bool integer_index(TSNode index, uint32_t scope) const { return integer_index_at(index, scope, 0); }
  // Whether statically known bytes reach the large threshold (unknown sizes: `unknown`).
  bool large_size(std::optional<uint64_t> bytes, bool unknown) const;
  uint64_t min_bytes() const { return min_bytes_; }
  // The Python number `expr` is (PythonNumber), or nullopt: not a number known here, or one that
  // may be a numpy scalar (may_be_numpy_scalar), whose dtype takes part in NumPy 2's promotion.
  std::optional<PythonNumber> python_number(TSNode expr, uint32_t scope) const;
  // Whether the value of `expr` may be a numpy scalar: a numpy call in it whose result no `int()`,
  // `float()`, `bool()` or `len()` turns into a Python number, directly or through the values of
  // the names it reads (the model's constant_int evaluates `np.int64(2)` and `np.prod(...)`).
  bool may_be_numpy_scalar(TSNode expr, uint32_t scope, int depth = 0) const;

 private:
  // The facts of the array `expr` evaluates to where it is read: for a name with several values
  // that may reach the read, those of all of them (of_expression). nullopt when it is not an array
  // or is resized or reshaped in place.
  std::optional<ValueFacts> array_facts(TSNode expr, uint32_t scope) const;
  ValueFacts of_call(TSNode call, uint32_t scope, int depth) const;
  const Producer* producer_of_uncached(TSNode call, uint32_t scope, int depth) const;
  ValueFacts of_expression_at(TSNode expr, uint32_t scope, int depth) const;
  ValueFacts of_expression_uncached(TSNode expr, uint32_t scope, int depth) const;
  const ValueFacts& of_binding_at(uint32_t binding, int depth) const;
  // The facts of a result that is the value `given` evaluates to (`a`: its facts), or with `whole`
  // false a slice or an item of it: no allocation, a view of the same memory.
  ValueFacts same_array(TSNode given, const ValueFacts& a, bool whole) const;
  // The binding a view of `expr` (whose facts are `facts`) keeps alive: the base of `expr` when it
  // is itself a view, else the name `expr` is (-1 for any other expression).
  int32_t view_base_of(TSNode expr, const ValueFacts& facts) const;
  // The shape of `receiver.method(args)` for a view method (ravel, transpose, reshape) or `.T`,
  // when the receiver's shape is known; nullopt otherwise.
  std::optional<std::vector<int64_t>> view_shape(std::string_view method, TSNode args, const ValueFacts& receiver,
                                                 uint32_t scope) const;
  // The shape of a join of arrays (`q`: numpy.column_stack, stack, vstack, hstack or
  // concatenate) whose pieces are a list or tuple display of arrays with every extent known, and
  // whose axis, if any, is a constant: nullopt otherwise, or when the pieces do not fit together.
  std::optional<std::vector<int64_t>> stacked_shape(std::string_view q, TSNode args, uint32_t scope,
                                                    int depth) const;
  // The dtype of `array <op> other` (either order), where `other` has the facts `other_facts`:
  // promote_number, promote_scalar or promote, as `other` is a Python number, another scalar or
  // an array.
  Dtype operation_dtype(const ValueFacts& array, TSNode other, const ValueFacts& other_facts, std::string_view op,
                        uint32_t scope) const;
  bool integer_index_at(TSNode index, uint32_t scope, int depth) const;
  // The number of items a slice with constant bounds takes from an extent, as Python's
  // slice.indices() gives them; -1 when a bound is not a constant.
  int64_t slice_length(TSNode slice, int64_t extent, uint32_t scope) const;
  // The most items `subscript` can take when it is one slice whose constant bounds do not follow
  // the sequence's length (`xs[-3:]`, `xs[:5]`); nullopt otherwise.
  std::optional<uint64_t> slice_items_at_most(TSNode subscript, uint32_t scope) const;
  // A slice's start, stop and step (each absent when not written); nullopt when a bound written is
  // not a constant int.
  std::optional<std::array<std::optional<int64_t>, 3>> slice_bounds(TSNode slice, uint32_t scope) const;
  // The facts of `np.r_[...]` (`r`: the `np.r_` in `subscript`).
  ValueFacts concatenated_r(TSNode subscript, TSNode r, uint32_t scope, int depth) const;
  // Whether `expr` is an array of one dimension.
  bool one_dimensional(TSNode expr, uint32_t scope, int depth) const;
  ValueFacts annotated_parameter(const Binding& binding) const;
  bool expression_may_share(TSNode expr, uint32_t scope, int depth) const;
  bool derived_kept(TSNode expr, uint32_t scope, bool pandas, int depth) const;
  // Whether storing into `target` (an assignment's left side) copies the stored array's elements
  // into a numpy array: an item or part of an array whose dtype is known and not object, or a part
  // of more than one element of any array. False for a list's, a dict's or an unknown's item.
  bool copied_into_array(TSNode target, uint32_t scope) const;
  void array_uses_at(TSNode expr, uint32_t scope, int depth, std::vector<uint32_t>& followed,
                     std::vector<ArrayUseSite>& out) const;
  void array_uses_of_binding(uint32_t binding, int depth, std::vector<uint32_t>& followed,
                             std::vector<ArrayUseSite>& out) const;

  void compute_may_be_large() const;
  // What a function defined in this file returns when that is nothing of its own: one of its
  // parameters (`return w`, or a slice or item of it: `return w[:-1]`), or only None.
  struct PassThrough {
    bool applies = false;
    int position = -1;        // the returned parameter's position, -1 when keyword-only
    std::string_view name;    // its name; empty when the function returns only None
    bool whole = true;        // always the parameter itself, never a slice or item of it
  };
  const PassThrough& pass_through(uint32_t def_binding) const;
  // The scope of the function a FunctionDef binding defines, when its calls run its body as
  // written: undecorated, not a generator, no locals()/eval in it. nullopt otherwise.
  std::optional<uint32_t> function_scope(uint32_t def_binding) const;
  // What such a function returns, when every `return` with a value gives the same kind (a number,
  // a list, a tuple, ...; a bare `return` or None aside); Unknown otherwise.
  ValueKind returned_kind(uint32_t def_binding, int depth) const;

  // What the reads of an array's binding change of it in place, beyond its elements: its shape
  // (`a.shape = ...`, `a.strides = ...`, `a.resize(...)`, which may also change its size), its
  // dtype (`a.dtype = ...` reinterprets the bytes) or its writability (`a.setflags(write=False)`).
  struct MetadataChanges {
    bool shape = false;
    bool size = false;
    bool dtype = false;
    bool flags = false;
  };
  // Those of binding `id`, read from its references once.
  const MetadataChanges& metadata_changes(uint32_t id) const;
  // Whether some binding of the name history `bindings` (SemanticModel::bindings_of) has its
  // shape changed in place; remembered by the history.
  bool some_binding_reshaped(const std::vector<uint32_t>& bindings) const;

  const SemanticModel& model_;
  std::string_view text_;
  uint64_t min_bytes_;
  mutable std::vector<std::optional<MetadataChanges>> metadata_;  // by binding, filled as asked
  mutable std::unordered_map<const std::vector<uint32_t>*, bool> history_reshaped_;
  mutable std::vector<std::optional<ValueFacts>> cache_;
  mutable std::vector<bool> in_progress_;
  mutable std::vector<bool> may_be_large_;  // by binding; empty until may_be_large is first asked
  // Answers for expressions and callees, remembered because several rules (and nested calls) ask
  // about the same nodes. `truncations_` counts the cuts made by the depth limit or by a binding
  // whose evaluation is in progress; an answer computed with a cut remembers the depth it was asked
  // at (`depth` 0: no cut, valid everywhere).
  mutable uint64_t truncations_ = 0;
  static constexpr int kMaxShapeNesting = 4;
  mutable int shape_nesting_ = 0;  // array_facts calls in progress
  template <typename T>
  struct Remembered {
    T value;
    int depth;
  };
  template <typename T>
  using Memo = std::unordered_map<NodeInScope, Remembered<T>, NodeInScopeHash>;
  // The answer for `key` from `memo`, or compute() remembered with its depth stamp.
  template <typename T, typename Compute>
  T remembered(Memo<T>& memo, NodeInScope key, int depth, Compute compute) const;
  mutable Memo<ValueFacts> expression_memo_;
  mutable Memo<const Producer*> producer_memo_;
  mutable std::unordered_map<NodeInScope, CallFacts, NodeInScopeHash> call_facts_memo_;
  mutable std::unordered_map<uint32_t, PassThrough> pass_through_;  // by the def's binding
  mutable std::unordered_map<uint32_t, ValueKind> returned_kind_;  // by the def's binding
};

// Dtype promotion for `a <op> b`, where `a` is an array's dtype. Every answer holds under NumPy 1.x,
// whose casting looks at a scalar operand's value (`float32 * 100_000` is float64), and under
// NumPy 2 (NEP 50: a Python number takes the array's dtype, a numpy scalar's dtype counts as an
// array's). Where the two differ, or the answer depends on a value not known, it is Unknown.
// - promote: `b` an array of one or more dimensions.
// - promote_number: `b` a Python number whose value is known.
// - promote_scalar: `b` a number whose value is not known, either a Python number (`s` Int64 for
//   an int, Float64 for a float, Bool) or a numpy scalar of dtype `s`.
Dtype promote(Dtype a, Dtype b, std::string_view op);
Dtype promote_number(Dtype a, std::string_view op, const PythonNumber& n);
Dtype promote_scalar(Dtype a, std::string_view op, Dtype s);
bool is_int_dtype(Dtype d);       // int8 to int64 and uint8 to uint64
bool is_unsigned_dtype(Dtype d);  // uint8 to uint64
bool is_float_dtype(Dtype d);     // float16 to float64
bool is_complex_dtype(Dtype d);   // complex64 and complex128
// Whether a value with facts `f` may have dtype `d` (true when `d` is Unknown or Object): its dtype
// when known, else a dtype its `floor` promotes to without changing (`promote(floor, d) == d`).
bool may_have_dtype(const ValueFacts& f, Dtype d);

// Whether an array of dtype `a` (numeric) takes `n` without a wider dtype under NumPy 1.x's
// value-based casting: an int dtype its range, a float32 or complex64 array the ints from -32768
// to 65535 (int16 and uint16) and the floats below 3.4e38 in magnitude, a float16 array the ints
// from -128 to 255 and the floats below 65000 (`np.min_scalar_type`), float64 and complex128 any
// number.
bool number_fits(Dtype a, const PythonNumber& n);

// "~819 MB": decimal units, as people read sizes.
std::string format_bytes(uint64_t bytes);

}  // namespace pml
