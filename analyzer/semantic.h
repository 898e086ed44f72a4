// The semantic model of one file: scopes, bindings and imports, built during the checker's single
// walk. Rules ask it what a name means ("is this call numpy.zeros?") instead of matching spellings.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyzer/syntax.h"

namespace pml {

enum class ScopeKind { Module, Function, Class, Lambda, Comprehension };

enum class BindingKind {
  Import,       // import a.b / import a.b as c
  FromImport,   // from a import b [as c]
  Assignment,   // name = value (including annotated and chained assignment)
  AugmentedAssignment,
  Parameter,
  FunctionDef,
  ClassDef,
  LoopTarget,   // for targets, comprehension targets
  WithTarget,
  ExceptTarget,
  NamedExpr,    // walrus
  Unpacked,     // an element of a tuple/list target
  MatchCapture, // a capture pattern in a `case`
};

struct Binding {
  std::string_view name;      // points into the file's text
  uint32_t scope = 0;
  BindingKind kind = BindingKind::Assignment;
  TSNode node{};              // the identifier that binds
  TSNode value{};             // the assigned expression for simple `name = value`, else null
  std::string qualified;      // for imports: the fully qualified name it binds ("numpy", "numpy.zeros")
  // Reads at or after this byte in the binding's flow see it: the end of an assignment (its value
  // is evaluated before the name is bound, so `x = x.astype(T)` reads the previous x), the end of
  // a for loop's iterable, the start of a comprehension for its targets; else the name's start.
  uint32_t visible_from = 0;
  bool chained = false;       // a target of a chained assignment (`y = x = []`): another target holds it too
};

// How a read of a name uses the value it refers to. Everything but Read lets the value outlive
// the name (so `del name` would free nothing) or lets another name observe a mutation.
enum class UseKind {
  Read,      // consumed in place: operands, x[i], x.attr, len(x), np.sum(x), iteration
  Returned,  // return x
  Yielded,   // yield x / await x
  Aliased,   // y = x
  Stored,    // a container, an attribute or a subscript holds it: [x], d[k] = x, lst.append(x)
  Passed,    // an argument to a callee that may keep it
  Captured,  // read from a nested function, lambda or class body
  Deleted,   // del x
  Unknown,   // any other context: treated as an escape
};
std::string_view to_string(UseKind k);

// A builtin (by qualified name, "builtins.len") that reads its arguments and keeps no reference to
// them, nor to anything sharing their memory. The one list: uses and value facts both ask it.
bool builtin_keeps_no_reference(std::string_view qualified);

// A read of a name (stores are Bindings). `parent` and `field` give its syntactic context.
struct Reference {
  std::string_view name;
  uint32_t scope = 0;
  TSNode node{};
  TSNode parent{};
  TSNode grandparent{};
  // The identifier's field in `parent` when that is an attribute, a keyword argument, an
  // assignment, an augmented assignment or a `for` statement (0: none, or another parent).
  TSFieldId field = 0;
  int32_t binding = -1;    // the binding it reads, when known (after finish())
};

// numpy functions whose result may be their argument or share its memory (`numpy.asarray`,
// `numpy.transpose`, `numpy.split`, ...): the result keeps the argument's memory alive.
bool numpy_may_return_view(std::string_view qualified_name);
// An array attribute that describes it without holding its data: `shape`, `dtype`, `ndim`,
// `size`, `nbytes`, `itemsize`, `strides`.
bool is_metadata_attribute(std::string_view attribute);
// numpy namespaces and functions whose effect on their arguments is not modelled (masked arrays,
// stride tricks, nditer, apply_along_axis, ...).
bool numpy_unmodelled(std::string_view qualified_name);

struct Scope {
  ScopeKind kind = ScopeKind::Module;
  TSNode node{};
  int32_t parent = -1;
  std::unordered_map<std::string_view, std::vector<uint32_t>> names;  // name -> binding ids, in order
  std::unordered_set<std::string_view> globals;    // `global` declarations
  std::unordered_set<std::string_view> nonlocals;  // `nonlocal` declarations
  bool star_import = false;  // `from m import *`: unknown names may come from it
  bool dynamic = false;      // calls locals()/vars()/eval/exec/dir(): names are not analyzable
  // A comprehension's first iterable is evaluated in the enclosing scope: its byte range.
  uint32_t outer_start = 0, outer_end = 0;
  std::vector<TSNode> returns;  // its `return` statements, in document order
  bool yields = false;          // a `yield` makes a function a generator
};

// The shapes of arrays, which the value analysis knows and the model does not. While one is set on
// a model, constant_int reads `a.shape[i]`, `a.size`, `a.ndim` and `len(a)` through it.
class ArrayShapes {
 public:
  // Every extent of the array `expr` evaluates to in `scope_id`, when all are known statically.
  virtual std::optional<std::vector<int64_t>> known_shape(TSNode expr, uint32_t scope_id) const = 0;
  // At most how many elements the array `expr` evaluates to has, when that is known statically.
  virtual std::optional<uint64_t> element_bound(TSNode expr, uint32_t scope_id) const = 0;

 protected:
  ~ArrayShapes() = default;
};

class SemanticModel {
 public:
  explicit SemanticModel(std::string_view text);

  const std::vector<Scope>& scopes() const { return scopes_; }
  const std::vector<Binding>& bindings() const { return bindings_; }
  const Scope& scope(uint32_t id) const { return scopes_[id]; }

  // The binding a read of `name` at byte `pos` in scope `scope_id` refers to. Within the same
  // scope, the last binding textually before the read wins; in an enclosing scope (the read runs
  // later, e.g. in a function body), the name must have one meaning: all its bindings must agree,
  // else the result is unknown. nullopt with *builtin set means no binding anywhere (a builtin).
  const Binding* resolve(std::string_view name, uint32_t scope_id, uint32_t pos, bool* builtin = nullptr) const;

  // Fully qualified name of a name or attribute chain: `np.random.rand` -> "numpy.random.rand",
  // `float` -> "builtins.float"; empty when the root is not an import or a builtin.
  // The answer is kept with the model: the reference stays valid as long as the model.
  const std::string& qualified_name(TSNode expr, uint32_t scope_id) const;
  std::string_view text() const { return text_; }
  // Whether binding `b` (what resolve() gave for `read`) is the value `read` sees on every run:
  // its statement comes before the read's in the same block, and no function rebinds the name.
  bool reaches_in_sequence(const Binding& b, TSNode read, uint32_t scope_id) const;
  // Whether `read` sees binding `b` (resolve()'s answer for it) on every run: `b` is the name's
  // only binding in its scope, or reaches the read in sequence.
  bool has_one_value(const Binding& b, TSNode read, uint32_t scope_id) const {
    return bindings_of(b.name, b.scope).size() == 1 || reaches_in_sequence(b, read, scope_id);
  }
  // The assignment whose value a read of `identifier` sees on every run (see has_one_value), or
  // null: the name is not an identifier, not assigned a value there, or may hold another value.
  const Binding* assigned_value(TSNode identifier, uint32_t scope_id) const;

  // The value of a statically known integer expression: literals, names bound once to one (or
  // by an earlier statement of the read's block: reaches_in_sequence),
  // `int(...)` of an integral literal, `len()` of a literal sequence, of a range or of a pandas
  // index with `periods=`, `max()`/`min()` of constants, an item of a literal tuple, the extents of
  // an array whose shape is known (see ArrayShapes), and + - * // ** << on those.
  // Depth-bounded.
  std::optional<int64_t> constant_int(TSNode expr, uint32_t scope_id, int depth = 0) const;
  // What the ArrayShapes set on the model says of `expr`'s shape; nullopt without one.
  std::optional<std::vector<int64_t>> known_shape(TSNode expr, uint32_t scope_id) const {
    return array_shapes_ ? array_shapes_->known_shape(expr, scope_id) : std::nullopt;
  }
  std::optional<uint64_t> element_bound(TSNode expr, uint32_t scope_id) const {
    return array_shapes_ ? array_shapes_->element_bound(expr, scope_id) : std::nullopt;
  }
  // Sets (or, with nullptr, clears) the source of array shapes. It is not part of the model's
  // value: a ValueAnalyzer sets itself for its lifetime.
  void set_array_shapes(const ArrayShapes* shapes) const { array_shapes_ = shapes; }
  const ArrayShapes* array_shapes() const { return array_shapes_; }
  // The length of `range(...)` when the call's bounds are integer constants (no keywords or
  // unpacking); nullopt otherwise, and for a zero step (range raises). The callee is not checked.
  std::optional<uint64_t> range_length(TSNode range_call, uint32_t scope_id) const;
  // The length of a sequence that cannot change it: `range(...)` and `list(range(...))` of
  // constants, pandas' `date_range(..., periods=10)` and its kin, an index or a categorical made
  // from a flat display (`pd.Categorical([0, 1, 2])`), or a name bound to one of those (once, or
  // by an earlier statement of the read's block). Nullopt otherwise.
  std::optional<int64_t> immutable_sequence_length(TSNode expr, uint32_t scope_id) const;
  // The literal a sequence expression is: a tuple, list, set or dict display, or a name bound
  // once to one (a tuple; a list, set or dict only when no read of the name may change its size;
  // the display given to np.array, whose length is the array's).
  // Null otherwise. constant_int counts its items for len() and reads a tuple's items by index.
  TSNode literal_sequence(TSNode expr, uint32_t scope_id) const;
  // The number of items of a display, or nullopt with an unpacking (`*rest`, `**more`).
  static std::optional<int64_t> literal_items(TSNode literal);
  // The same for numbers that may be floats (`-3.0`, `N / 2`, a name bound once to `0.025`,
  // `np.pi`).
  std::optional<double> constant_number(TSNode expr, uint32_t scope_id, int depth = 0) const;
  // A static upper bound of a non-negative integer expression: a constant, or a loop variable
  // over a literal sequence of constants or over range(constant), and sums and products of those,
  // less or floor-divided by constants.
  // Sizes only need a bound: `for n in [60, 32, 64]: np.zeros(n)` is at most 64 elements.
  std::optional<int64_t> int_upper_bound(TSNode expr, uint32_t scope_id, int depth = 0) const;
  // The length of a sequence written out: a display (or a name bound to one that nothing has
  // changed), `list("abc")` of an ASCII string, `range(...)` of constants, or an index of stated
  // length (immutable_sequence_length). nullopt otherwise.
  std::optional<uint64_t> sequence_length(TSNode expr, uint32_t scope_id) const;
  // The items a loop variable takes from a written-out list or tuple (or a name bound to one that
  // nothing has changed), unpacked or through zip()/product(): `for shape in [(0,), (3, 0)]`,
  // `for shape, dtype in [((3,), "f"), ((0,), "i")]`. Empty otherwise.
  std::vector<TSNode> loop_items(TSNode name, uint32_t scope_id) const;

  const std::vector<Reference>& references() const { return references_; }
  // Reads of a binding (including reads from nested scopes), in document order.
  std::span<const uint32_t> references_of(uint32_t binding) const {
    return {binding_refs_.data() + binding_ref_start_[binding], binding_refs_.data() + binding_ref_start_[binding + 1]};
  }
  // The ids of the references whose identifiers start in bytes [start, end): references are in
  // document order, so they are the range [first, second).
  std::pair<uint32_t, uint32_t> references_within(uint32_t start, uint32_t end) const;
  // Calls `visit(id)` for each binding whose identifier starts in bytes [start, end), by position.
  template <typename Visit>
  void for_each_binding_within(uint32_t start, uint32_t end, Visit visit) const {
    auto it = std::lower_bound(binding_by_start_.begin(), binding_by_start_.end(), std::make_pair(start, uint32_t{0}));
    for (; it != binding_by_start_.end() && it->first < end; ++it) visit(it->second);
  }
  // The binding an identifier node binds or reads, or -1.
  int32_t binding_of_node(TSNode identifier) const;
  // Whether the read `identifier` runs only where a test has just found its value empty: it is in
  // the body of an `if`/`elif` whose condition, or one operand of an `and` in it, is
  // `len(name) == 0` (`0 == len(name)`, `len(name) < 1`, `not len(name)`, or the same of
  // `name.size`), no loop inside that body encloses the read, and nothing between the test and the
  // read reads or binds the name (an `append`, a call that may fill it, a new value).
  bool empty_by_guard(TSNode identifier, uint32_t scope_id) const;
  // How a reference uses its value.
  UseKind use_kind(const Reference& ref) const;
  // Whether `ref` reads its binding from a nested scope that runs later: a function, lambda or
  // class, or a generator expression that the call it is passed to does not consume at once (a
  // list, set or dict comprehension runs at once). use_kind() says Captured for exactly these, but
  // this costs less.
  bool captured(const Reference& ref) const;
  // True when the binding's value may outlive the name or be reached through another name: it is
  // returned, yielded, aliased, stored, passed to a callee that may keep it, or captured.
  bool escapes(uint32_t binding) const;
  // Like escapes(), but an argument passed to a call escapes only when the callee is likely to
  // keep it: a class (constructors store their arguments), functools.partial, a thread or process,
  // a generator function defined in the file, a torch sparse tensor built from its index and
  // value tensors (`sparse_coo_tensor(i, v)`).
  // Plain functions and methods are presumed to compute from their arguments and let them go.
  // This is for `del`, which never changes behaviour (at worst it frees nothing); in-place fixes,
  // which do, must use escapes().
  bool escapes_beyond_calls(uint32_t binding) const;
  // escapes_beyond_calls' question for one read.
  bool reference_escapes_beyond_calls(const Reference& ref) const;
  // Whether a call of `callee` may construct an object of a class: a class definition, a CapWords
  // name (Python's convention), `cls`, an object's own class (`type(obj)`, `obj.__class__`), a
  // CapWords class's `from_*` alternative constructor (`MixedLM.from_formula`), or pandas'
  // constructor properties (`obj._constructor`, `_constructor_sliced`, `_constructor_expanddim`).
  // Such objects usually keep their arguments.
  bool may_call_class(TSNode callee, uint32_t scope_id) const;
  // Whether `callee` names a generator function defined in the file (its body yields): the
  // generator it returns holds the arguments in its frame until it is exhausted or dropped (and so
  // does what a decorator makes of it, as @contextlib.contextmanager's context manager).
  bool calls_generator_function(TSNode callee, uint32_t scope_id) const;
  // Every binding of the same name in the same scope (the name's whole history there).
  const std::vector<uint32_t>& bindings_of(std::string_view name, uint32_t scope) const;
  // Every read that may see a value bound to `name` in `scope`: the references of all its bindings
  // there, plus reads of the name in nested scopes that resolve to no binding (a closure over a
  // name bound more than once, or after a star import). Reference ids, in document order.
  std::vector<uint32_t> reads_of_name(std::string_view name, uint32_t scope) const;
  // Every reference to `name` anywhere in the file, in document order.
  const std::vector<uint32_t>& references_named(std::string_view name) const;
  // Whether any scope of the file declares `name` global or nonlocal.
  bool declared_global_or_nonlocal(std::string_view name) const;
  // Whether `within` or a scope nested in it declares `name` global or nonlocal.
  bool declared_global_or_nonlocal(std::string_view name, uint32_t within) const;
  // The `for` statement or clause whose target `b` is, when the read `read` of it sees the loop's
  // value and any unpacking is into plain names; null otherwise.
  TSNode loop_of(const Binding& b, TSNode read) const {
    auto t = loop_target(b, read);
    return t ? t->loop : TSNode{};
  }
  // The expression an unpacked name (`a, b = expr`) or a `for` statement's target (`for a in
  // expr`, `for a, b in expr`) takes its value from: the assignment's right side or the loop's
  // iterable. Null for other bindings, comprehension targets and chained assignments.
  TSNode unpacked_from(const Binding& b) const;
  // Whether scope `inner` is `outer` or nested in it.
  bool is_within(uint32_t inner, uint32_t outer) const;
  // Whether scope `scope_id` is test code, by pytest's and unittest's conventions: any scope of a
  // test module (set_test_module), a function whose name starts with `test`, a class whose name
  // starts with `Test`, a function decorated as a pytest fixture (`@pytest.fixture`,
  // `@fixture(...)`), or a scope nested in one of those.
  bool in_test_code(uint32_t scope_id) const;
  // The file is a test module (Settings::test_module): all of it is test code.
  void set_test_module(bool test_module) { test_module_ = test_module; }
  // True when a function, lambda or class body nested in `scope` may use the variable `name` of
  // `scope`: it reads it without binding it itself, or declares it `nonlocal`/`global`. Such uses
  // run later and observe whatever the name holds then.
  bool used_by_nested_scope(std::string_view name, uint32_t scope) const;

  // Binding the model during the walk (used by the checker only).
  void add_reference(TSNode identifier, uint32_t scope, TSNode parent, TSNode grandparent, TSFieldId field);
  // Resolves references to bindings once the walk is complete.
  void finish();
  uint32_t push_scope(ScopeKind kind, TSNode node, uint32_t parent);
  static constexpr uint32_t kVisibleAtName = UINT32_MAX;
  void add_binding(uint32_t scope, BindingKind kind, TSNode name_node, TSNode value = TSNode{},
                   std::string qualified = {}, uint32_t visible_from = kVisibleAtName);
  // Records the bindings made by the node just entered (imports, assignments, defs, ...).
  void bind_from(TSNode node, Kind kind, uint32_t scope, Kind parent_kind = Kind::Other);
  // Binds every identifier in a target pattern (tuples, lists, starred, parenthesized).
  void bind_targets(TSNode target, uint32_t scope, BindingKind kind, TSNode value,
                    uint32_t visible_from = kVisibleAtName);
  void bind_parameters(TSNode params, uint32_t scope);
  void mark_dynamic(uint32_t scope) { scopes_[scope].dynamic = true; }
  // Marks dynamic the scope whose frame runs the code at `pos` in `scope` (see evaluating_scope),
  // and, from a list, set or dict comprehension, the scopes around it up to a function, lambda,
  // class or the module: Python 3.12 runs those comprehensions in the enclosing frame (PEP 709),
  // where locals() and eval() see its names.
  void mark_dynamic_at(uint32_t scope, uint32_t pos);
  // Notebooks: the offsets in the joined text where code cells end, in order. IPython shows the
  // value of a cell whose last statement is an expression, and keeps it in `Out` and `_`: a value
  // displayed so is stored, not only read (see displayed).
  void set_cell_ends(std::vector<uint32_t> ends);
  // Whether `stmt` is an expression statement whose value a notebook shows and keeps: the last
  // statement of its cell, at module level, not ended by `;`.
  bool displayed(TSNode stmt) const;
  // The scope whose frame evaluates the code at `pos`, which the walk put in `scope`: a
  // comprehension's first iterable, and a function's or lambda's parameter defaults and
  // annotations, run in the enclosing scope.
  uint32_t evaluating_scope(uint32_t scope, uint32_t pos) const;

 private:
  uint32_t binding_scope(std::string_view name, uint32_t scope) const;  // honours global/nonlocal
  // max()/min() (`largest`) of integer constants or of a literal sequence of them.
  std::optional<int64_t> extreme_int(TSNode call, bool largest, uint32_t scope_id, int depth) const;
  // At most how many points a pandas date_range/bdate_range/period_range between two dates
  // written out has (see dates.h); nullopt for anything else.
  std::optional<int64_t> date_range_bound(TSNode call, uint32_t scope_id) const;
  // Seconds since 1970 of a date written out: a string pandas parses (dates.h), `datetime(y, m,
  // d, ...)`, `pd.Timestamp(...)` of either, or a name bound once to one.
  std::optional<int64_t> date_seconds(TSNode expr, uint32_t scope_id, int depth = 0) const;
  // Whether a read of the loop target `b` of `loop` sees the loop's value: the name has no other
  // binding in its scope, or the read is inside the `for` statement.
  bool loop_value_reaches(const Binding& b, TSNode loop, TSNode read) const;
  // An upper bound of every extent of the array `array`: its element bound (ArrayShapes), when not
  // 0 (one extent 0 leaves the others unbounded).
  std::optional<int64_t> positive_element_bound(TSNode array, uint32_t scope_id) const;
  // A loop target: the `for` (statement or comprehension clause) and, for `for n, m in ...`, the
  // name's position among `targets` plain names.
  struct LoopTarget {
    TSNode loop{};
    std::optional<int64_t> position;
    int64_t targets = 1;
  };
  // The loop target `b` is, when a read `read` of it sees the loop's value (loop_value_reaches) and
  // any unpacking is into plain names.
  std::optional<LoopTarget> loop_target(const Binding& b, TSNode read) const;
  // The items target `t` takes from a written-out list or tuple (or a name bound to one, or a
  // slice of one), or from zip()/itertools.product()/enumerate() of them. Empty when unknown.
  std::vector<TSNode> loop_items(const Binding& b, const LoopTarget& t) const;
  // Appends the items of a written-out list or tuple to `out` (see loop_items: a display, a name
  // bound to one, a slice of one, or a sum of those); false when an item is not written out.
  bool written_items(TSNode iterable, uint32_t scope_id, std::vector<TSNode>& out) const;
  // Replaces each item, a display of `count` items, by its item at `position`; false when one is not.
  static bool take_position(std::vector<TSNode>& items, int64_t position, int64_t count);
  // The values pytest passes for a test function's parameter, written out in the function's
  // `@pytest.mark.parametrize` marks: `("n", [30, 150])`, `("n, m", [(3, 4), (5, 6)])`,
  // `(("n", "m"), ...)`, items in `pytest.param(...)`, lists summed or bound to a name. Empty when
  // not every value is written out, when the mark is indirect, when another decorator than a
  // pytest mark may call the function, or when no mark names the parameter.
  std::vector<TSNode> parametrized_values(const Binding& parameter) const;
  // np.prod()/math.prod() of a literal sequence of constants or of an array's known shape.
  std::optional<int64_t> product_int(TSNode call, uint32_t scope_id, int depth) const;
  // The values max()/min() compares: its arguments, or the items of the one literal sequence it is
  // given. Empty when they are not statically visible (keywords, unpacking, `max([])`).
  std::vector<TSNode> extreme_operands(TSNode call, uint32_t scope_id) const;
  std::string qualified_name_uncached(TSNode expr, uint32_t scope_id) const;
  // constant_int of `self.n` in a method: the value of the class's one assignment of `n` (in its
  // body, or `self.n = ...` in a method), remembered per class and attribute.
  std::optional<int64_t> attribute_constant(TSNode attribute, uint32_t scope_id, int depth) const;
  // Whether an integer expression is never negative: a constant at least 0, len(), an array's
  // size or ndim, a loop variable over an upward range from 0 or above or over written-out
  // numbers that are not negative.
  bool non_negative(TSNode expr, uint32_t scope_id, int depth) const;
  // The 1 to 3 positional arguments of a call to range() (or, with `arange`, np.arange()); nullopt
  // for any other call or argument list.
  std::optional<std::vector<TSNode>> range_arguments(TSNode call, uint32_t scope_id, bool arange) const;
  // At most which value range(...) or np.arange(...) of integers yields (see int_upper_bound).
  std::optional<int64_t> range_upper_bound(TSNode call, uint32_t scope_id, int depth) const;
  // The scope a function or class definition opens; 0 (the module) when none.
  uint32_t scope_of_node(TSNode definition) const;
  UseKind use_kind_uncached(const Reference& ref) const;
  std::string_view text_;
  bool test_module_ = false;
  std::vector<Scope> scopes_;
  std::vector<Binding> bindings_;
  std::vector<Reference> references_;
  // The reads of binding b are binding_refs_[binding_ref_start_[b], binding_ref_start_[b + 1]).
  std::vector<uint32_t> binding_refs_;
  std::vector<uint32_t> binding_ref_start_;
  // (identifier start byte, binding id), sorted; of equal starts the last binding counts.
  std::vector<std::pair<uint32_t, uint32_t>> binding_by_start_;
  int32_t binding_at(uint32_t start) const;
  uint32_t first_reference_from(uint32_t start) const;  // the first reference starting at or after `start`
  // Answers rules ask again and again, remembered once the model is finished.
  mutable std::unordered_map<NodeInScope, std::string, NodeInScopeHash> qualified_names_;
  mutable std::vector<int8_t> use_kinds_;  // by reference id; -1: not computed yet
  mutable std::vector<int8_t> generator_defs_;  // by binding id: calls_generator_function's answer; -1: not yet
  std::vector<uint32_t> cell_ends_;        // set_cell_ends
  // The references of each name, in order (reads_of_name): made on the first question.
  mutable std::unordered_map<std::string_view, std::vector<uint32_t>> references_by_name_;
  mutable std::optional<std::unordered_set<std::string_view>> declared_names_;  // declared_global_or_nonlocal
  mutable const ArrayShapes* array_shapes_ = nullptr;
  // What a class's methods assign to attributes of their first parameter (`self.n = 50`), found
  // once per class: per attribute, the value and its scope, or several (more than one store, an
  // augmented assignment); opaque when the class calls setattr() or has a `del`.
  struct AttributeStore {
    TSNode value{};
    uint32_t scope = 0;
    bool several = false;
  };
  struct ClassAttributes {
    bool opaque = false;
    std::unordered_map<std::string_view, AttributeStore> members;
  };
  const ClassAttributes& class_attributes(TSNode class_definition) const;
  // The class whose method takes `parameter` as its first parameter (`self`); null otherwise.
  TSNode method_owner(const Binding& parameter) const;
  mutable std::unordered_map<uint32_t, ClassAttributes> class_attributes_;  // by the class's start byte
  // The largest value a parameter takes at the calls of its function, when every call is in this
  // file: a nested function, or a module function whose name starts with `_`, whose name is only
  // ever called (not passed, stored or decorated), at calls whose arguments are all bounded. For
  // a test function, the largest of the values its parametrize marks give it.
  std::optional<int64_t> parameter_bound(uint32_t parameter, int depth) const;
  mutable std::unordered_map<uint32_t, std::optional<int64_t>> parameter_bounds_;  // by binding id
};

}  // namespace pml
