#include "analyzer/semantic.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <charconv>
#include <limits>
#include <unordered_set>

#include "analyzer/dates.h"

namespace pml {

namespace {
constexpr int kMaxConstDepth = 24;

std::optional<int64_t> parse_int_literal(std::string_view s) {
  std::string digits;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s.remove_prefix(2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, s.remove_prefix(2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, s.remove_prefix(2);
  for (char c : s) {
    if (c == '_') continue;
    if (c == 'l' || c == 'L' || c == 'j' || c == 'J') return std::nullopt;  // py2 long / imaginary
    digits += c;
  }
  int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// The name of the pandas function that makes a range index (date_range, bdate_range,
// period_range, timedelta_range, interval_range), imported from `pandas` or from the module that
// defines it (`pandas.core.indexes.datetimes`); empty for anything else.
std::string_view pandas_range(std::string_view qualified) {
  std::string_view function = qualified.substr(qualified.rfind('.') + 1);
  bool range = function == "date_range" || function == "bdate_range" || function == "period_range" ||
               function == "timedelta_range" || function == "interval_range";
  return range && qualified.starts_with("pandas.") ? function : std::string_view();
}

// Integral float literals such as `1e6` or `2.0`.
std::optional<int64_t> parse_integral_float(std::string_view s) {
  std::string clean;
  for (char c : s)
    if (c != '_') clean += c;
  if (clean.find_first_of("jJ") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(clean.c_str(), &end);
  // The range first: converting a double beyond int64 (`int(1e300)`) is undefined behaviour.
  if (end != clean.c_str() + clean.size() || !(d <= 9e18 && d >= -9e18) ||
      d != static_cast<double>(static_cast<int64_t>(d)))
    return std::nullopt;
  return static_cast<int64_t>(d);
}

bool mul_overflows(int64_t a, int64_t b, int64_t* out) { return __builtin_mul_overflow(a, b, out); }
}  // namespace

SemanticModel::SemanticModel(std::string_view text) : text_(text) {
  // Python has about one read of a name per 32 bytes (1.87M in the 60 MB of the Debian corpus),
  // rarely more than one per 16: room for that many saves growing the file's largest vector,
  // copying it each time. Pages reserved and never written cost no memory.
  references_.reserve(text.size() / 16);
}

uint32_t SemanticModel::push_scope(ScopeKind kind, TSNode node, uint32_t parent) {
  Scope s;
  s.kind = kind;
  s.node = node;
  s.parent = scopes_.empty() ? -1 : static_cast<int32_t>(parent);
  if (kind == ScopeKind::Comprehension) {
    for (uint32_t i = 0; i < named_child_count(node); ++i) {
      TSNode c = named_child(node, i);
      if (!is(c, Kind::ForInClause)) continue;
      TSNode it = child_by_field(c, Field::Right);
      if (!ts_node_is_null(it)) s.outer_start = ts_node_start_byte(it), s.outer_end = ts_node_end_byte(it);
      break;
    }
  }
  scopes_.push_back(std::move(s));
  return static_cast<uint32_t>(scopes_.size() - 1);
}

uint32_t SemanticModel::evaluating_scope(uint32_t scope, uint32_t pos) const {
  auto s = static_cast<int32_t>(scope);
  while (scopes_[s].parent >= 0) {
    const Scope& sc = scopes_[s];
    bool outside = false;
    if (sc.kind == ScopeKind::Comprehension) {
      outside = pos >= sc.outer_start && pos < sc.outer_end;
    } else if (sc.kind == ScopeKind::Function || sc.kind == ScopeKind::Lambda) {
      // From the parameters to the body: defaults, annotations and a def's return annotation.
      // (`lambda: ...` has no parameters node.)
      TSNode params = child_by_field(sc.node, Field::ParametersField);
      TSNode body = child_by_field(sc.node, Field::Body);
      if (!ts_node_is_null(params)) {
        uint32_t end = sc.kind == ScopeKind::Function && !ts_node_is_null(body) ? ts_node_start_byte(body)
                                                                                 : ts_node_end_byte(params);
        outside = pos >= ts_node_start_byte(params) && pos < end;
      }
    }
    if (!outside) break;
    s = sc.parent;
  }
  return static_cast<uint32_t>(s);
}

void SemanticModel::mark_dynamic_at(uint32_t scope, uint32_t pos) {
  uint32_t s = evaluating_scope(scope, pos);
  mark_dynamic(s);
  while (scopes_[s].kind == ScopeKind::Comprehension && !is(scopes_[s].node, Kind::GeneratorExpression) &&
         scopes_[s].parent >= 0) {
    s = static_cast<uint32_t>(scopes_[s].parent);
    mark_dynamic(s);
  }
}

uint32_t SemanticModel::binding_scope(std::string_view name, uint32_t scope) const {
  const Scope& s = scopes_[scope];
  if (s.globals.count(name)) return 0;
  if (s.nonlocals.count(name)) {
    for (int32_t p = s.parent; p >= 0; p = scopes_[p].parent)
      if (scopes_[p].kind == ScopeKind::Function || scopes_[p].kind == ScopeKind::Lambda)
        if (scopes_[p].names.count(name)) return static_cast<uint32_t>(p);
  }
  return scope;
}

void SemanticModel::add_binding(uint32_t scope, BindingKind kind, TSNode name_node, TSNode value,
                                std::string qualified, uint32_t visible_from) {
  Binding b;
  b.name = node_text(name_node, text_);
  b.scope = binding_scope(b.name, scope);
  b.kind = kind;
  b.node = name_node;
  b.value = value;
  b.qualified = std::move(qualified);
  // A comprehension's targets are visible in its whole body, the element expression included.
  if (kind == BindingKind::LoopTarget && scopes_[b.scope].kind == ScopeKind::Comprehension)
    visible_from = ts_node_start_byte(scopes_[b.scope].node);
  b.visible_from = visible_from == kVisibleAtName ? ts_node_start_byte(name_node) : visible_from;
  bindings_.push_back(std::move(b));
  uint32_t id = static_cast<uint32_t>(bindings_.size() - 1);
  scopes_[bindings_.back().scope].names[bindings_.back().name].push_back(id);
}

void SemanticModel::bind_targets(TSNode target, uint32_t scope, BindingKind kind, TSNode value,
                                 uint32_t visible_from) {
  // Most targets are one name (or an attribute or a subscript, which binds none): no stack then.
  if (Kind k = kind_of(target); k == Kind::Identifier) {
    add_binding(scope, kind, target, value, {}, visible_from);
    return;
  } else if (k == Kind::Attribute || k == Kind::Subscript) {
    return;
  }
  // Explicit stack: targets can nest arbitrarily in hostile input.
  std::vector<TSNode> stack{target};
  bool top = true;
  while (!stack.empty()) {
    TSNode n = stack.back();
    stack.pop_back();
    Kind k = kind_of(n);
    if (k == Kind::Identifier) {
      add_binding(scope, top ? kind : (kind == BindingKind::Assignment ? BindingKind::Unpacked : kind), n,
                  top ? value : TSNode{}, {}, visible_from);
    } else if (k == Kind::PatternList || k == Kind::TuplePattern || k == Kind::ListPattern || k == Kind::Tuple ||
               k == Kind::List || k == Kind::ListSplatPattern || k == Kind::ListSplat ||
               k == Kind::ParenthesizedExpression || k == Kind::ExpressionList) {
      size_t first = stack.size();
      for_each_named_child(n, [&](TSNode c) {
        stack.push_back(c);
        return true;
      });
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());  // popped in order
      if (k != Kind::ParenthesizedExpression) top = false;
      continue;
    }
    // Attributes and subscripts bind no name.
    top = top && k == Kind::ParenthesizedExpression;
  }
}

void SemanticModel::bind_parameters(TSNode params, uint32_t scope) {
  uint32_t count = named_child_count(params);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode p = named_child(params, i);
    switch (kind_of(p)) {
      case Kind::Identifier:
        add_binding(scope, BindingKind::Parameter, p);
        break;
      case Kind::DefaultParameter:
      case Kind::TypedDefaultParameter: {
        TSNode name = child_by_field(p, Field::Name);
        if (is(name, Kind::Identifier)) add_binding(scope, BindingKind::Parameter, name);
        break;
      }
      case Kind::TypedParameter:
      case Kind::ListSplatPattern:
      case Kind::DictionarySplatPattern: {
        for (uint32_t j = 0; j < named_child_count(p); ++j) {
          TSNode c = named_child(p, j);
          if (is(c, Kind::Identifier)) { add_binding(scope, BindingKind::Parameter, c); break; }
          if (is(c, Kind::ListSplatPattern) || is(c, Kind::DictionarySplatPattern)) {
            TSNode id = named_child(c, 0);
            if (is(id, Kind::Identifier)) add_binding(scope, BindingKind::Parameter, id);
            break;
          }
        }
        break;
      }
      default:
        break;
    }
  }
}

void SemanticModel::bind_from(TSNode node, Kind kind, uint32_t scope, Kind parent_kind) {
  switch (kind) {
    case Kind::ImportStatement: {
      for (uint32_t i = 0; i < named_child_count(node); ++i) {
        TSNode c = named_child(node, i);
        if (is(c, Kind::DottedName)) {
          // `import a.b.c` binds `a` to the package a.
          TSNode first = named_child(c, 0);
          add_binding(scope, BindingKind::Import, first, TSNode{}, std::string(node_text(first, text_)));
        } else if (is(c, Kind::AliasedImport)) {
          TSNode name = child_by_field(c, Field::Name), alias = child_by_field(c, Field::Alias);
          if (!ts_node_is_null(alias))
            add_binding(scope, BindingKind::Import, alias, TSNode{}, std::string(node_text(name, text_)));
        }
      }
      break;
    }
    case Kind::ImportFromStatement: {
      TSNode module = child_by_field(node, Field::ModuleName);
      std::string base(node_text(module, text_));
      for (uint32_t i = 0; i < named_child_count(node); ++i) {
        TSNode c = named_child(node, i);
        if (ts_node_eq(c, module)) continue;
        if (is(c, Kind::WildcardImport)) {
          scopes_[scope].star_import = true;
        } else if (is(c, Kind::DottedName)) {
          add_binding(scope, BindingKind::FromImport, c, TSNode{}, base + "." + std::string(node_text(c, text_)));
        } else if (is(c, Kind::AliasedImport)) {
          TSNode name = child_by_field(c, Field::Name), alias = child_by_field(c, Field::Alias);
          if (!ts_node_is_null(alias))
            add_binding(scope, BindingKind::FromImport, alias, TSNode{},
                        base + "." + std::string(node_text(name, text_)));
        }
      }
      break;
    }
    case Kind::Assignment: {
      // Chained `a = b = value`: every target gets the innermost value.
      TSNode right = child_by_field(node, Field::Right);
      TSNode value = right;
      while (is(value, Kind::Assignment)) value = child_by_field(value, Field::Right);
      if (ts_node_is_null(value)) break;  // a bare annotation binds nothing
      // A link of a chain (this one continues it, or is the right side of another) gives its
      // targets a value another target holds too.
      bool chained = is(right, Kind::Assignment) || parent_kind == Kind::Assignment;
      size_t first = bindings_.size();
      // Each link of the chain; its right side is asked for once (tree-sitter scans the children).
      for (TSNode a = node;;) {
        TSNode left = child_by_field(a, Field::Left);
        // `rows, cols = 40, 20`: pair names and values when both sides are flat and equally long,
        // so each name gets its own value (and constants stay constants).
        TSNode l = strip_parens(left), r = strip_parens(value);
        bool pairwise = (is(l, Kind::PatternList) || is(l, Kind::TuplePattern)) &&
                        (is(r, Kind::ExpressionList) || is(r, Kind::Tuple)) &&
                        named_child_count(l) == named_child_count(r);
        for (uint32_t i = 0; pairwise && i < named_child_count(l); ++i)
          pairwise = is(named_child(l, i), Kind::Identifier) && !is(named_child(r, i), Kind::ListSplat);
        if (pairwise) {
          for (uint32_t i = 0; i < named_child_count(l); ++i)
            add_binding(scope, BindingKind::Assignment, named_child(l, i), named_child(r, i), {},
                        ts_node_end_byte(node));
        } else {
          bind_targets(left, scope, BindingKind::Assignment, value, ts_node_end_byte(node));
        }
        if (!is(right, Kind::Assignment)) break;
        a = right;
        right = child_by_field(a, Field::Right);
      }
      if (chained)
        for (size_t i = first; i < bindings_.size(); ++i) bindings_[i].chained = true;
      break;
    }
    case Kind::AugmentedAssignment: {
      TSNode left = child_by_field(node, Field::Left);
      if (is(left, Kind::Identifier))
        add_binding(scope, BindingKind::AugmentedAssignment, left, TSNode{}, {}, ts_node_end_byte(node));
      break;
    }
    case Kind::ForStatement:
      bind_targets(child_by_field(node, Field::Left), scope, BindingKind::LoopTarget, TSNode{},
                   ts_node_end_byte(child_by_field(node, Field::Right)));
      break;
    case Kind::WithItem: {
      TSNode v = child_by_field(node, Field::Value);
      if (is(v, Kind::AsPattern)) {
        // `with open(p) as f`: the binding remembers the context manager's expression.
        TSNode alias = child_by_field(v, Field::Alias);
        TSNode manager = named_child(v, 0);
        if (!ts_node_is_null(alias) && named_child_count(alias) > 0)
          bind_targets(named_child(alias, 0), scope, BindingKind::WithTarget,
                       ts_node_eq(manager, alias) ? TSNode{} : manager, ts_node_end_byte(node));
      }
      break;
    }
    case Kind::ExceptClause: {
      TSNode alias = child_by_field(node, Field::Alias);
      if (is(alias, Kind::Identifier)) add_binding(scope, BindingKind::ExceptTarget, alias);
      break;
    }
    case Kind::NamedExpression: {
      // A walrus inside a comprehension binds in the enclosing non-comprehension scope.
      uint32_t s = scope;
      while (scopes_[s].kind == ScopeKind::Comprehension && scopes_[s].parent >= 0) s = static_cast<uint32_t>(scopes_[s].parent);
      TSNode name = child_by_field(node, Field::Name);
      if (is(name, Kind::Identifier))
        add_binding(s, BindingKind::NamedExpr, name, child_by_field(node, Field::Value), {}, ts_node_end_byte(node));
      break;
    }
    case Kind::GlobalStatement:
    case Kind::NonlocalStatement: {
      for (uint32_t i = 0; i < named_child_count(node); ++i) {
        TSNode c = named_child(node, i);
        if (!is(c, Kind::Identifier)) continue;
        if (kind == Kind::GlobalStatement) scopes_[scope].globals.insert(node_text(c, text_));
        else scopes_[scope].nonlocals.insert(node_text(c, text_));
      }
      break;
    }
    case Kind::ReturnStatement:
      scopes_[scope].returns.push_back(node);
      break;
    case Kind::Yield:
      scopes_[scope].yields = true;
      break;
    default:
      break;
  }
}

bool builtin_keeps_no_reference(std::string_view q) {
  // Not here: getattr (the attribute may be a view that keeps its object alive), and container
  // constructors list/tuple/set/sorted/dict, whose items are the argument's items: rows of a 2-D
  // array are views of it, the inner lists of a list are the same objects.
  static const std::unordered_set<std::string_view> names = {
      "builtins.len", "builtins.print", "builtins.sum", "builtins.min", "builtins.max", "builtins.abs",
      "builtins.any", "builtins.all", "builtins.isinstance", "builtins.issubclass", "builtins.hasattr",
      "builtins.repr", "builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.complex",
      "builtins.hash", "builtins.id", "builtins.type", "builtins.round", "builtins.format", "builtins.callable",
      "builtins.divmod", "builtins.pow", "builtins.ord", "builtins.chr", "builtins.bytes", "builtins.bytearray"};
  return names.count(q) > 0;
}

std::string_view to_string(UseKind k) {
  switch (k) {
    case UseKind::Read: return "read";
    case UseKind::Returned: return "returned";
    case UseKind::Yielded: return "yielded";
    case UseKind::Aliased: return "aliased";
    case UseKind::Stored: return "stored";
    case UseKind::Passed: return "passed";
    case UseKind::Captured: return "captured";
    case UseKind::Deleted: return "deleted";
    case UseKind::Unknown: break;
  }
  return "unknown";
}

void SemanticModel::add_reference(TSNode identifier, uint32_t scope, TSNode parent, TSNode grandparent,
                                  TSFieldId field) {
  Reference r;
  r.name = node_text(identifier, text_);
  r.scope = scope;
  r.node = identifier;
  r.parent = parent;
  r.grandparent = grandparent;
  r.field = field;
  references_.push_back(r);
}

void SemanticModel::finish() {
  qualified_names_.clear();  // answers given before the model was complete are not kept
  use_kinds_.clear();
  // Bindings of a name in a scope are recorded in walk order, which is document order; keep them
  // sorted by position anyway so lookups can rely on it.
  // (std::stable_sort allocates a buffer even for one element: sort only what is out of order.)
  auto by_start = [&](uint32_t a, uint32_t b) {
    return ts_node_start_byte(bindings_[a].node) < ts_node_start_byte(bindings_[b].node);
  };
  for (auto& scope : scopes_)
    for (auto& [name, ids] : scope.names)
      if (!std::is_sorted(ids.begin(), ids.end(), by_start)) std::stable_sort(ids.begin(), ids.end(), by_start);
  binding_by_start_.clear();
  binding_by_start_.reserve(bindings_.size());
  for (uint32_t i = 0; i < bindings_.size(); ++i) binding_by_start_.emplace_back(ts_node_start_byte(bindings_[i].node), i);
  std::sort(binding_by_start_.begin(), binding_by_start_.end());
  // Identifiers that are binding sites are stores, not reads, unless they are also read
  // (augmented assignment reads the old value).
  // Compacted in place, in order: the file's largest vector is not copied.
  size_t reads = 0;
  for (size_t i = 0; i < references_.size(); ++i) {
    Reference& r = references_[i];
    int32_t at = binding_at(ts_node_start_byte(r.node));
    if (at >= 0 && bindings_[at].kind != BindingKind::AugmentedAssignment) continue;
    const Binding* b = resolve(r.name, r.scope, ts_node_start_byte(r.node));
    r.binding = b ? static_cast<int32_t>(b - bindings_.data()) : -1;
    if (reads != i) references_[reads] = r;
    ++reads;
  }
  references_.resize(reads);
  // Counting sort of the reads by binding; each binding's stay in document order.
  binding_ref_start_.assign(bindings_.size() + 1, 0);
  for (const auto& r : references_)
    if (r.binding >= 0) ++binding_ref_start_[r.binding + 1];
  for (size_t b = 0; b < bindings_.size(); ++b) binding_ref_start_[b + 1] += binding_ref_start_[b];
  binding_refs_.assign(binding_ref_start_.back(), 0);
  std::vector<uint32_t> next(binding_ref_start_.begin(), binding_ref_start_.end() - 1);
  for (uint32_t i = 0; i < references_.size(); ++i)
    if (references_[i].binding >= 0) binding_refs_[next[references_[i].binding]++] = i;
}

int32_t SemanticModel::binding_at(uint32_t start) const {
  auto it = std::upper_bound(binding_by_start_.begin(), binding_by_start_.end(), start,
                             [](uint32_t s, const std::pair<uint32_t, uint32_t>& e) { return s < e.first; });
  if (it == binding_by_start_.begin() || std::prev(it)->first != start) return -1;
  return static_cast<int32_t>(std::prev(it)->second);
}

uint32_t SemanticModel::first_reference_from(uint32_t start) const {
  auto it = std::lower_bound(references_.begin(), references_.end(), start, [](const Reference& r, uint32_t s) {
    return ts_node_start_byte(r.node) < s;
  });
  return static_cast<uint32_t>(it - references_.begin());
}

std::pair<uint32_t, uint32_t> SemanticModel::references_within(uint32_t start, uint32_t end) const {
  return {first_reference_from(start), first_reference_from(end)};
}

int32_t SemanticModel::binding_of_node(TSNode identifier) const {
  uint32_t start = ts_node_start_byte(identifier);
  if (int32_t b = binding_at(start); b >= 0) return b;
  // A read: its reference is the one starting there.
  uint32_t r = first_reference_from(start);
  return r < references_.size() && ts_node_start_byte(references_[r].node) == start ? references_[r].binding : -1;
}

bool SemanticModel::empty_by_guard(TSNode identifier, uint32_t scope_id) const {
  if (!is(identifier, Kind::Identifier)) return false;
  std::string_view name = node_text(identifier, text_);
  // `len(name)` (the builtin) or `name.size`.
  auto measures = [&](TSNode e) {
    e = strip_parens(e);
    if (is(e, Kind::Attribute)) {
      TSNode object = strip_parens(child_by_field(e, Field::Object));
      return node_text(child_by_field(e, Field::AttributeField), text_) == "size" && is(object, Kind::Identifier) &&
             node_text(object, text_) == name;
    }
    if (!is(e, Kind::Call)) return false;
    TSNode fn = child_by_field(e, Field::Function);
    if (!is(fn, Kind::Identifier) || qualified_name(fn, scope_id) != "builtins.len") return false;
    auto args = positional_arguments(child_by_field(e, Field::Arguments));
    if (!args || args->size() != 1) return false;
    TSNode a = strip_parens(args->front());
    return is(a, Kind::Identifier) && node_text(a, text_) == name;
  };
  auto integer = [&](TSNode e, std::string_view value) {
    e = strip_parens(e);
    return is(e, Kind::Integer) && node_text(e, text_) == value;
  };
  auto states_empty = [&](auto&& self, TSNode cond, int depth) -> bool {
    cond = strip_parens(cond);
    if (depth > 8) return false;
    if (is(cond, Kind::BooleanOperator)) {
      TSNode op = child_by_field(cond, Field::Operator);
      if (ts_node_is_null(op) || node_text(op, text_) != "and") return false;
      return self(self, child_by_field(cond, Field::Left), depth + 1) ||
             self(self, child_by_field(cond, Field::Right), depth + 1);
    }
    if (is(cond, Kind::NotOperator)) return measures(child_by_field(cond, Field::Argument));
    if (!is(cond, Kind::ComparisonOperator) || ts_node_child_count(cond) != 3) return false;
    TSNode left = ts_node_child(cond, 0), right = ts_node_child(cond, 2);
    std::string_view op = node_text(ts_node_child(cond, 1), text_);
    if (op == "==") return (measures(left) && integer(right, "0")) || (integer(left, "0") && measures(right));
    if (op == "<") return measures(left) && integer(right, "1");
    if (op == "<=") return measures(left) && integer(right, "0");
    return false;
  };
  uint32_t at = ts_node_start_byte(identifier);
  for (TSNode n = parent_of(identifier); !ts_node_is_null(n); n = parent_of(n)) {
    Kind k = kind_of(n);
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda || k == Kind::Module ||
        k == Kind::ForStatement || k == Kind::WhileStatement)
      return false;  // another scope, or a loop that may run the read again after changing the value
    if (k != Kind::Block) continue;
    TSNode owner = parent_of(n);
    if (!(is(owner, Kind::IfStatement) || is(owner, Kind::ElifClause)) ||
        !ts_node_eq(child_by_field(owner, Field::Consequence), n))
      continue;
    TSNode cond = child_by_field(owner, Field::Condition);
    if (ts_node_is_null(cond) || !states_empty(states_empty, cond, 0)) continue;
    uint32_t from = ts_node_end_byte(cond);
    auto [first, last] = references_within(from, at);
    for (uint32_t r = first; r < last; ++r)
      if (references_[r].name == name) return false;
    // (The assignment the read is the value of binds the name after the read: `x = x.astype(T)`.)
    bool bound = false;
    for_each_binding_within(from, at, [&](uint32_t b) {
      const Binding& binding = bindings_[b];
      bool value_holds_read = !ts_node_is_null(binding.value) && ts_node_start_byte(binding.value) <= at &&
                              at < ts_node_end_byte(binding.value);
      bound = bound || (binding.name == name && !value_holds_read);
    });
    return !bound;
  }
  return false;
}

const std::vector<uint32_t>& SemanticModel::bindings_of(std::string_view name, uint32_t scope) const {
  static const std::vector<uint32_t> none;
  auto it = scopes_[scope].names.find(name);
  return it == scopes_[scope].names.end() ? none : it->second;
}

bool SemanticModel::in_test_code(uint32_t scope_id) const {
  if (test_module_) return true;
  // The enclosing definitions, innermost first: a walk up the scopes, not up the tree (a call
  // nested 100,000 deep would climb as many parents, each found from the root).
  for (int32_t s = static_cast<int32_t>(scope_id); s >= 0; s = scopes_[s].parent) {
    const Scope& scope = scopes_[s];
    bool function = scope.kind == ScopeKind::Function;
    if (!function && scope.kind != ScopeKind::Class) continue;
    std::string_view name = node_text(child_by_field(scope.node, Field::Name), text_);
    if (name.starts_with(function ? "test" : "Test")) return true;
    TSNode decorated = parent_of(scope.node);
    if (!function || !is(decorated, Kind::DecoratedDefinition)) continue;
    bool fixture = false;
    for_each_named_child(decorated, [&](TSNode d) {
      if (!is(d, Kind::Decorator)) return true;
      TSNode e = named_child(d, 0);
      if (is(e, Kind::Call)) e = child_by_field(e, Field::Function);
      std::string_view called = node_text(e, text_);
      fixture = called == "fixture" || called == "pytest.fixture";
      return !fixture;
    });
    if (fixture) return true;
  }
  return false;
}

bool SemanticModel::is_within(uint32_t inner, uint32_t outer) const {
  for (int32_t s = static_cast<int32_t>(inner); s >= 0; s = scopes_[s].parent)
    if (static_cast<uint32_t>(s) == outer) return true;
  return false;
}

bool SemanticModel::used_by_nested_scope(std::string_view name, uint32_t scope) const {
  // The scope path from `inner` up to (excluding) `scope`: a function, lambda or class on it means
  // the use runs later; a scope on it that binds the name itself shadows it.
  auto reaches = [&](uint32_t inner) {
    bool later = false;
    for (int32_t s = static_cast<int32_t>(inner); s >= 0 && static_cast<uint32_t>(s) != scope; s = scopes_[s].parent) {
      const Scope& sc = scopes_[s];
      if (sc.nonlocals.count(name) || sc.globals.count(name)) return true;
      if (sc.names.count(name)) return false;
      if (sc.kind != ScopeKind::Comprehension) later = true;
    }
    return later;
  };
  for (uint32_t s = 0; s < scopes_.size(); ++s) {
    if (s == scope || !is_within(s, scope)) continue;
    const Scope& sc = scopes_[s];
    if ((sc.nonlocals.count(name) || sc.globals.count(name)) && reaches(s)) return true;
  }
  for (const Reference& r : references_)
    if (r.scope != scope && r.name == name && is_within(r.scope, scope) && reaches(r.scope)) return true;
  return false;
}

const std::vector<uint32_t>& SemanticModel::references_named(std::string_view name) const {
  // Rules ask this of many names (a scan of every reference each time was quadratic in a file
  // of many small functions); the index is made once, after the model is complete.
  if (references_by_name_.empty() && !references_.empty())
    for (uint32_t i = 0; i < references_.size(); ++i) references_by_name_[references_[i].name].push_back(i);
  static const std::vector<uint32_t> none;
  auto it = references_by_name_.find(name);
  return it == references_by_name_.end() ? none : it->second;
}

bool SemanticModel::declared_global_or_nonlocal(std::string_view name) const {
  if (!declared_names_) {
    declared_names_.emplace();
    for (const Scope& s : scopes_) {
      declared_names_->insert(s.globals.begin(), s.globals.end());
      declared_names_->insert(s.nonlocals.begin(), s.nonlocals.end());
    }
  }
  return declared_names_->count(name) > 0;
}

bool SemanticModel::declared_global_or_nonlocal(std::string_view name, uint32_t within) const {
  if (!declared_global_or_nonlocal(name)) return false;
  for (uint32_t s = 0; s < scopes_.size(); ++s)
    if (is_within(s, within) && (scopes_[s].globals.count(name) || scopes_[s].nonlocals.count(name))) return true;
  return false;
}

std::vector<uint32_t> SemanticModel::reads_of_name(std::string_view name, uint32_t scope) const {
  std::vector<uint32_t> out;
  const std::vector<uint32_t>& named = references_named(name);
  // Every such read lies within the scope's text (a name's own, a nested scope's, or an enclosing
  // one's reached by `global`/`nonlocal`, whose scope then spans it): only that stretch of the
  // name's references, in document order, is looked at.
  auto first = named.begin(), last = named.end();
  if (TSNode node = scopes_[scope].node; scopes_[scope].parent >= 0 && !ts_node_is_null(node)) {
    auto before = [&](uint32_t i, uint32_t pos) { return ts_node_start_byte(references_[i].node) < pos; };
    first = std::lower_bound(first, last, ts_node_start_byte(node), before);
    last = std::lower_bound(first, last, ts_node_end_byte(node), before);
  }
  for (auto at = first; at != last; ++at) {
    uint32_t i = *at;
    const Reference& r = references_[i];
    if (r.binding >= 0 ? bindings_[r.binding].scope == scope : is_within(r.scope, scope)) out.push_back(i);
  }
  return out;
}

// numpy functions whose result may be their argument or share its memory (views).
bool numpy_may_return_view(std::string_view q) {
  static const std::unordered_set<std::string_view> names = {
      "numpy.asarray", "numpy.asanyarray", "numpy.ascontiguousarray", "numpy.asfortranarray", "numpy.asfarray",
      "numpy.asarray_chkfinite", "numpy.require", "numpy.asmatrix", "numpy.mat", "numpy.array", "numpy.ndarray", "numpy.recarray",
      "numpy.frombuffer", "numpy.atleast_1d", "numpy.atleast_2d", "numpy.atleast_3d", "numpy.reshape",
      "numpy.ravel", "numpy.transpose", "numpy.squeeze", "numpy.swapaxes", "numpy.moveaxis", "numpy.rollaxis",
      "numpy.expand_dims", "numpy.broadcast_to", "numpy.broadcast_arrays", "numpy.split", "numpy.array_split",
      "numpy.hsplit", "numpy.vsplit", "numpy.dsplit", "numpy.diagonal", "numpy.diag", "numpy.real", "numpy.imag",
      "numpy.flip", "numpy.fliplr", "numpy.flipud", "numpy.rot90", "numpy.trim_zeros", "numpy.einsum",
      "numpy.meshgrid", "numpy.matrix_transpose", "numpy.permute_dims", "numpy.unstack"};
  return names.count(q) > 0;
}

// numpy namespaces and functions whose effect on their arguments is not modelled: masked arrays
// share data, stride tricks make writable views, nditer and apply_along_axis hand out views.
bool numpy_unmodelled(std::string_view q) {
  for (std::string_view prefix : {"numpy.lib.", "numpy.ma.", "numpy.rec.", "numpy.ctypeslib.", "numpy.core.", "numpy.char."})
    if (q.rfind(prefix, 0) == 0) return true;
  return q == "numpy.nditer" || q == "numpy.apply_along_axis" || q == "numpy.apply_over_axes" ||
         q == "numpy.vectorize" || q == "numpy.frompyfunc" || q == "numpy.piecewise";
}

namespace {

// Callees that read their arguments and keep no reference to them: builtins that compute a new
// value, and numpy/math functions, except those whose result may share the argument's memory
// (np.array copies unless told not to).
bool callee_keeps_nothing(std::string_view q) {
  if (q.rfind("numpy.", 0) == 0)
    return q == "numpy.array" || !(numpy_may_return_view(q) || numpy_unmodelled(q));
  return builtin_keeps_no_reference(q) || q.rfind("math.", 0) == 0;
}

// Whether a generator expression is consumed by the call it is passed to, before the call
// returns (`sum(x for x in data)`): then it holds nothing afterwards.
bool consumed_at_once(TSNode genexp, const SemanticModel& model, uint32_t scope, std::string_view text) {
  TSNode parent = parent_of(genexp);
  TSNode call = is(parent, Kind::ArgumentList) ? parent_of(parent) : parent;
  if (!is(call, Kind::Call)) return false;
  TSNode fn = child_by_field(call, Field::Function);
  const std::string& q = model.qualified_name(fn, scope);
  static const std::unordered_set<std::string_view> kConsumers = {
      "builtins.sum",     "builtins.min",   "builtins.max",        "builtins.any",     "builtins.all",
      "builtins.list",    "builtins.tuple", "builtins.set",        "builtins.frozenset", "builtins.dict",
      "builtins.sorted",  "numpy.fromiter", "numpy.array",         "numpy.concatenate", "numpy.stack",
      "numpy.vstack",     "numpy.hstack",   "pandas.concat",       "pandas.DataFrame", "pandas.Series"};
  if (!q.empty()) return kConsumers.count(q) > 0;
  return is(fn, Kind::Attribute) && node_text(child_by_field(fn, Field::AttributeField), text) == "join";
}

}  // namespace

UseKind SemanticModel::use_kind(const Reference& ref) const {
  // References are answered from the memo when `ref` is one of the model's own.
  size_t id = static_cast<size_t>(&ref - references_.data());
  bool own = &ref >= references_.data() && id < references_.size();
  if (own) {
    if (use_kinds_.size() != references_.size()) use_kinds_.assign(references_.size(), -1);
    if (use_kinds_[id] < 0) use_kinds_[id] = static_cast<int8_t>(use_kind_uncached(ref));
    return static_cast<UseKind>(use_kinds_[id]);
  }
  return use_kind_uncached(ref);
}

bool SemanticModel::captured(const Reference& ref) const {
  if (ref.binding < 0 || bindings_[ref.binding].scope == ref.scope) return false;
  // Read from another scope: a list, set or dict comprehension runs at once; a generator
  // expression runs as it is iterated, unless the call it is passed to consumes it; anything else
  // runs later.
  for (int32_t s = static_cast<int32_t>(ref.scope); s >= 0 && static_cast<uint32_t>(s) != bindings_[ref.binding].scope;
       s = scopes_[s].parent) {
    const Scope& sc = scopes_[s];
    if (sc.kind != ScopeKind::Comprehension) return true;
    if (is(sc.node, Kind::GeneratorExpression) && !consumed_at_once(sc.node, *this, sc.parent, text_)) return true;
  }
  return false;
}

namespace {

// Whether a keyword argument's keyword is `name` (its text starts with the keyword).
bool keyword_is(TSNode keyword_argument, std::string_view name, std::string_view text) {
  std::string_view at = node_text(keyword_argument, text);
  return at.substr(0, name.size()) == name &&
         (at.size() == name.size() ||
          !(std::isalnum(static_cast<unsigned char>(at[name.size()])) || at[name.size()] == '_' ||
            static_cast<unsigned char>(at[name.size()]) >= 0x80));
}

}  // namespace

bool is_metadata_attribute(std::string_view a) {
  return a == "shape" || a == "dtype" || a == "ndim" || a == "size" || a == "nbytes" || a == "itemsize" ||
         a == "strides";
}

void SemanticModel::set_cell_ends(std::vector<uint32_t> ends) {
  cell_ends_ = std::move(ends);
  use_kinds_.clear();  // answers given before may change
}

bool SemanticModel::displayed(TSNode stmt) const {
  if (cell_ends_.empty() || !is(stmt, Kind::ExpressionStatement) || !is(parent_of(stmt), Kind::Module)) return false;
  uint32_t end = ts_node_end_byte(stmt);
  auto cell_end = std::lower_bound(cell_ends_.begin(), cell_ends_.end(), end);
  if (cell_end == cell_ends_.end()) return false;
  size_t i = end;
  while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
  if (i < text_.size() && text_[i] == ';') return false;  // `a;` shows nothing
  TSNode next = ts_node_next_named_sibling(stmt);
  while (!ts_node_is_null(next) && is(next, Kind::Comment)) next = ts_node_next_named_sibling(next);
  return ts_node_is_null(next) || ts_node_start_byte(next) >= *cell_end;
}

UseKind SemanticModel::use_kind_uncached(const Reference& ref) const {
  if (captured(ref)) return UseKind::Captured;
  TSNode parent = ref.parent;
  Kind pk = kind_of(parent);
  if (pk == Kind::ExpressionStatement && displayed(parent)) return UseKind::Stored;  // in `Out`
  const Grammar& g = Grammar::get();
  switch (pk) {
    case Kind::ReturnStatement:
      return UseKind::Returned;
    case Kind::Yield:
    case Kind::Await:
      return UseKind::Yielded;
    case Kind::DeleteStatement:
      return UseKind::Deleted;
    case Kind::ExpressionList: {
      Kind gk = kind_of(ref.grandparent);
      if (gk == Kind::ReturnStatement) return UseKind::Returned;
      if (gk == Kind::DeleteStatement) return UseKind::Deleted;
      if (gk == Kind::Yield) return UseKind::Yielded;
      if (gk == Kind::Assignment) return UseKind::Aliased;  // a, b = x, y
      return UseKind::Stored;  // a tuple built from it
    }
    case Kind::Assignment:
      if (ref.field == g.field(Field::Right)) {
        TSNode left = child_by_field(parent, Field::Left);
        return is(left, Kind::Identifier) || is(left, Kind::PatternList) ? UseKind::Aliased : UseKind::Stored;
      }
      return UseKind::Read;  // the value of a subscript/attribute target: x[i] = ..., x.a = ...
    case Kind::NamedExpression:
      return UseKind::Aliased;
    case Kind::BooleanOperator: {
      // `x or default` evaluates to one of its operands: the value flows on unless the result
      // is only tested (`if x and ...`, `while x or ...`).
      Kind gk = kind_of(ref.grandparent);
      return gk == Kind::IfStatement || gk == Kind::WhileStatement || gk == Kind::ComparisonOperator ? UseKind::Read
                                                                                                      : UseKind::Unknown;
    }
    case Kind::Attribute:
      if (ref.field == g.field(Field::Object)) {
        // A member taken and kept may hold x: a bound method (`push = x.append`, `get =
        // x.__getitem__`) or a view (`y = x.T`). Bound to a name, stored, returned or yielded, it
        // is another reference to x. Calling it at once (`x.append(1)`), reading metadata
        // (`x.shape`) or handing it to a call (`f(x.T)`, as most members passed are data) only
        // reads x.
        TSNode outer = ref.grandparent;
        Kind ok = kind_of(outer);
        // Only where a value is kept: bound, stored, returned or yielded (see below).
        bool keeps = ok == Kind::Assignment || ok == Kind::NamedExpression || ok == Kind::ReturnStatement ||
                     ok == Kind::Yield || ok == Kind::ExpressionList || ok == Kind::List || ok == Kind::Tuple ||
                     ok == Kind::Set || ok == Kind::Pair || ok == Kind::Dictionary || ok == Kind::ListSplat ||
                     ok == Kind::ArgumentList || ok == Kind::KeywordArgument;
        std::string_view member = keeps ? node_text(child_by_field(parent, Field::AttributeField), text_) : "";
        if (keeps && !is_metadata_attribute(member)) {
          Reference through = ref;
          through.parent = outer;
          through.grandparent = parent_of(outer);
          through.field = 0;
          if (is(outer, Kind::Assignment) && ts_node_eq(child_by_field(outer, Field::Right), parent))
            through.field = g.field(Field::Right);
          UseKind kept = use_kind_uncached(through);
          if (kept == UseKind::Aliased || kept == UseKind::Stored || kept == UseKind::Returned ||
              kept == UseKind::Yielded)
            return kept;
        }
      }
      return UseKind::Read;
    case Kind::AugmentedAssignment:  // x += y reads both; neither escapes
    case Kind::Subscript:
    case Kind::Slice:
    case Kind::BinaryOperator:
    case Kind::UnaryOperator:
    case Kind::ComparisonOperator:
    case Kind::ExpressionStatement:
    case Kind::IfStatement:
    case Kind::WhileStatement:
    case Kind::ForInClause: {
      // The first iterable of a generator expression: the generator keeps an iterator over it.
      TSNode genexp = ref.grandparent;
      if (is(genexp, Kind::GeneratorExpression) && !consumed_at_once(genexp, *this, ref.scope, text_))
        return UseKind::Stored;
      return UseKind::Read;
    }
    case Kind::Interpolation:
    case Kind::ForStatement:
    case Kind::IfClause:
      return UseKind::Read;
    case Kind::ConditionalExpression:
    case Kind::ParenthesizedExpression:
      return UseKind::Unknown;  // the value flows on; be conservative
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set:
    case Kind::Pair:
    case Kind::Dictionary:
    case Kind::ListSplat:
      return UseKind::Stored;
    case Kind::KeywordArgument:
    case Kind::ArgumentList: {
      TSNode call = pk == Kind::KeywordArgument ? parent_of(ref.grandparent) : ref.grandparent;
      if (!is(call, Kind::Call)) return UseKind::Passed;
      // `r = np.sqrt(a, out=x)`: numpy returns `out` itself, so the result is another name for it.
      if (pk == Kind::KeywordArgument && keyword_is(ref.parent, "out", text_) &&
          !is(parent_of(call), Kind::ExpressionStatement))
        return UseKind::Aliased;
      TSNode fn = child_by_field(call, Field::Function);
      // A module's function (`np.add(x, 1)`) is judged by its qualified name; only a method of an
      // object (`seen.add(x)`, `rows.append(x)`) can be a container storing its argument.
      const std::string& q = qualified_name(fn, ref.scope);
      if (!q.empty()) return callee_keeps_nothing(q) ? UseKind::Read : UseKind::Passed;
      if (is(fn, Kind::Attribute)) {
        std::string_view method = node_text(child_by_field(fn, Field::AttributeField), text_);
        if (method == "append" || method == "extend" || method == "add" || method == "insert" ||
            method == "put" || method == "setdefault" || method == "update" || method == "appendleft")
          return UseKind::Stored;
      }
      return UseKind::Passed;
    }
    default:
      return UseKind::Unknown;
  }
}

bool SemanticModel::escapes_beyond_calls(uint32_t binding) const {
  for (uint32_t r : references_of(binding))
    if (reference_escapes_beyond_calls(references_[r])) return true;
  return false;
}

bool SemanticModel::reference_escapes_beyond_calls(const Reference& ref) const {
  UseKind k = use_kind(ref);
  if (k == UseKind::Read || k == UseKind::Deleted) return false;
  if (k != UseKind::Passed) return true;
  TSNode call = kind_of(ref.parent) == Kind::KeywordArgument ? parent_of(ref.grandparent) : ref.grandparent;
  if (!is(call, Kind::Call)) return true;
  TSNode fn = strip_parens(child_by_field(call, Field::Function));
  const std::string& q = qualified_name(fn, ref.scope);
  if (q == "functools.partial" || q == "threading.Thread" || q == "multiprocessing.Process" ||
      q.rfind("collections.", 0) == 0 || q == "builtins.iter" || q == "builtins.enumerate" ||
      q == "builtins.zip" || q == "builtins.map" || q == "builtins.filter" || q == "builtins.reversed" ||
      q == "builtins.memoryview" || q == "builtins.super" || q == "builtins.setattr")
    return true;
  // torch's sparse tensors keep the index and value tensors they are given, uncopied. (scipy's
  // sparse matrices keep the arrays of their tuple forms, which a tuple display stores anyway, and
  // copy a dense array given alone.)
  if (q == "torch.sparse_coo_tensor" || q == "torch.sparse_csr_tensor" || q == "torch.sparse_csc_tensor" ||
      q == "torch.sparse_compressed_tensor")
    return true;
  TSNode name = is(fn, Kind::Attribute) ? child_by_field(fn, Field::AttributeField) : fn;
  if (!is(name, Kind::Identifier) || may_call_class(fn, ref.scope) || calls_generator_function(fn, ref.scope))
    return true;
  // Work handed to a pool or an executor keeps its arguments until it is done.
  std::string_view method = is(fn, Kind::Attribute) ? node_text(name, text_) : std::string_view();
  if (method == "submit" || method == "apply_async" || method == "map_async" || method == "starmap_async" ||
      method == "imap" || method == "imap_unordered" || method == "run_in_executor")
    return true;
  return false;
}

bool SemanticModel::may_call_class(TSNode callee, uint32_t scope_id) const {
  // A binding to a class definition, or a CapWords name by Python's convention.
  TSNode fn = strip_parens(callee);
  // An object's own class: `type(obj)(...)`, `obj.__class__(...)`.
  if (is(fn, Kind::Call)) {
    TSNode type = child_by_field(fn, Field::Function);
    auto args = positional_arguments(child_by_field(fn, Field::Arguments));
    return is(type, Kind::Identifier) && args && args->size() == 1 &&
           named_child_count(child_by_field(fn, Field::Arguments)) == 1 &&
           qualified_name(type, scope_id) == "builtins.type";
  }
  TSNode name = is(fn, Kind::Attribute) ? child_by_field(fn, Field::AttributeField) : fn;
  if (!is(name, Kind::Identifier)) return false;
  std::string_view text = node_text(name, text_);
  if (text == "__class__" && is(fn, Kind::Attribute)) return true;
  // pandas' subclassing protocol: `obj._constructor` and its kin are the classes of `obj`'s results.
  if (is(fn, Kind::Attribute) &&
      (text == "_constructor" || text == "_constructor_sliced" || text == "_constructor_expanddim"))
    return true;
  // A private class is still CapWords after its underscores (`_MinimalWLS`).
  auto cap_words = [](std::string_view s) {
    s = s.substr(std::min(s.find_first_not_of('_'), s.size()));
    return !s.empty() && std::isupper(static_cast<unsigned char>(s[0]));
  };
  if (cap_words(text)) return true;
  if (text == "cls") return true;  // a classmethod's class
  // An alternative constructor by its conventional name, a CapWords class's `from_*` classmethod
  // (`MixedLM.from_formula(...)`, `Model.from_config(...)`).
  if (is(fn, Kind::Attribute) && text.starts_with("from_")) {
    TSNode owner = strip_parens(child_by_field(fn, Field::Object));
    if (is(owner, Kind::Attribute)) owner = child_by_field(owner, Field::AttributeField);
    if (is(owner, Kind::Identifier) && cap_words(node_text(owner, text_))) return true;
  }
  if (is(fn, Kind::Identifier)) {
    const Binding* b = resolve(text, scope_id, ts_node_start_byte(fn));
    if (b && b->kind == BindingKind::ClassDef) return true;
  }
  return false;
}

bool SemanticModel::calls_generator_function(TSNode callee, uint32_t scope_id) const {
  TSNode fn = strip_parens(callee);
  if (!is(fn, Kind::Identifier)) return false;
  const Binding* b = resolve(node_text(fn, text_), scope_id, ts_node_start_byte(fn));
  if (!b || b->kind != BindingKind::FunctionDef) return false;
  size_t id = static_cast<size_t>(b - bindings_.data());
  if (generator_defs_.size() != bindings_.size()) generator_defs_.assign(bindings_.size(), -1);
  if (generator_defs_[id] < 0) {
    TSNode def = parent_of(b->node);
    generator_defs_[id] = is(def, Kind::FunctionDefinition) && scopes_[scope_of_node(def)].yields;
  }
  return generator_defs_[id] != 0;
}

bool SemanticModel::escapes(uint32_t binding) const {
  for (uint32_t r : references_of(binding)) {
    UseKind k = use_kind(references_[r]);
    if (k != UseKind::Read && k != UseKind::Deleted) return true;
  }
  return false;
}

const Binding* SemanticModel::resolve(std::string_view name, uint32_t scope_id, uint32_t pos, bool* builtin) const {
  if (builtin) *builtin = false;
  // `same` means the read executes in the flow of this scope, so textual order approximates which
  // binding reaches it. Reads from nested functions and lambdas run later: any binding may reach.
  bool same = true;
  int32_t s = static_cast<int32_t>(scope_id);
  // A comprehension's first iterable is evaluated in the enclosing scope, before its targets exist.
  while (scopes_[s].kind == ScopeKind::Comprehension && scopes_[s].parent >= 0 && pos >= scopes_[s].outer_start &&
         pos < scopes_[s].outer_end)
    s = scopes_[s].parent;
  if (s != 0 && scopes_[s].globals.count(name)) {
    s = 0;
    same = false;
  }
  const int32_t reading = s;
  for (; s >= 0; s = scopes_[s].parent) {
    const Scope& scope = scopes_[s];
    // Class bodies are not enclosing scopes: a class's names are visible in its own body only,
    // not in the functions, lambdas or comprehensions nested in it (`[x for _ in r]` in a class
    // body reads the `x` of the function around the class, not the class attribute).
    if (s != reading && scope.kind == ScopeKind::Class) continue;
    if (auto it = scope.names.find(name); it != scope.names.end()) {
      const auto& ids = it->second;
      if (same) {
        // The binding made last before the read: the greatest `visible_from` not after it. Ids are
        // in order of position and `visible_from` is never before the name, so scan back from the
        // last name before the read; a few more steps catch an assignment enclosing a walrus.
        // (A comprehension's targets come after its element: consider them all.)
        auto after = scope.kind == ScopeKind::Comprehension
                         ? ids.end()
                         : std::partition_point(ids.begin(), ids.end(), [&](uint32_t id) {
                             return ts_node_start_byte(bindings_[id].node) < pos;
                           });
        const Binding* best = nullptr;
        int extra = 8;
        for (auto it2 = after; it2 != ids.begin() && extra > 0;) {
          const Binding& b = bindings_[*--it2];
          if (best) --extra;
          if (b.visible_from <= pos && (!best || b.visible_from > best->visible_from)) best = &b;
        }
        if (best) return best;
        // Read before any binding: a class body falls back to the globals; elsewhere it fails at
        // run time (UnboundLocalError, NameError), so the name has no known meaning.
        if (scope.kind != ScopeKind::Class) return nullptr;
      } else {
        const Binding* first = &bindings_[ids.front()];
        if (ids.size() == 1) return first;
        for (uint32_t id : ids)
          if (first->qualified.empty() || bindings_[id].qualified != first->qualified) return nullptr;
        return first;
      }
    }
    if (scope.star_import) return nullptr;
    // A comprehension runs at once inside its parent's flow; a function or lambda body does not.
    same = same && scope.kind == ScopeKind::Comprehension;
  }
  if (builtin) *builtin = true;
  return nullptr;
}

const std::string& SemanticModel::qualified_name(TSNode expr, uint32_t scope_id) const {
  static const std::string none;
  if (ts_node_is_null(expr)) return none;
  auto [it, inserted] = qualified_names_.try_emplace(NodeInScope{expr.id, scope_id});
  if (inserted) it->second = qualified_name_uncached(expr, scope_id);
  return it->second;
}

std::string SemanticModel::qualified_name_uncached(TSNode expr, uint32_t scope_id) const {
  // Collect the attribute chain iteratively: a.b.c -> root `a`, parts [b, c].
  std::vector<std::string_view> parts;
  TSNode n = strip_parens(expr);
  while (is(n, Kind::Attribute)) {
    parts.push_back(node_text(child_by_field(n, Field::AttributeField), text_));
    n = strip_parens(child_by_field(n, Field::Object));
    if (parts.size() > 64) return {};
  }
  if (!is(n, Kind::Identifier)) return {};
  std::string_view root = node_text(n, text_);
  bool builtin = false;
  const Binding* b = resolve(root, scope_id, ts_node_start_byte(n), &builtin);
  std::string out;
  if (b) {
    if (b->kind != BindingKind::Import && b->kind != BindingKind::FromImport) return {};
    out = b->qualified;
  } else if (builtin) {
    out = "builtins.";
    out += root;
  } else {
    return {};
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    out += '.';
    out += *it;
  }
  return out;
}

namespace {

// The statement of a block (or module) that holds `n`.
TSNode statement_of(TSNode n) {
  for (TSNode p = parent_of(n); !ts_node_is_null(p); n = p, p = parent_of(p))
    if (is(p, Kind::Block) || is(p, Kind::Module)) return n;
  return TSNode{};
}

}  // namespace

const Binding* SemanticModel::assigned_value(TSNode identifier, uint32_t scope_id) const {
  TSNode n = strip_parens(identifier);
  if (!is(n, Kind::Identifier)) return nullptr;
  const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
  if (!b || b->kind != BindingKind::Assignment || ts_node_is_null(b->value) || !has_one_value(*b, n, scope_id))
    return nullptr;
  return b;
}

bool SemanticModel::reaches_in_sequence(const Binding& b, TSNode read, uint32_t scope_id) const {
  // `n = 500; a = f(n); n = 1000`: resolve() gave the last binding before the read. When that
  // binding's statement and the read's are in the same block, one after the other, every run
  // of the read comes right after the binding ran (a binding between them, even nested in an
  // `if`, would be the last one instead). A function declaring the name global or nonlocal may
  // rebind it between the two: then no.
  if (b.scope != scope_id || ts_node_start_byte(read) <= ts_node_start_byte(b.node)) return false;
  if (declared_global_or_nonlocal(b.name)) return false;
  if (b.kind == BindingKind::Parameter) {
    // Bound when the call starts: resolve() gave the parameter, so no binding of the name comes
    // before the read in the body, and one after it reaches it only through a loop around both.
    TSNode reading = statement_of(read);
    if (ts_node_is_null(reading)) return false;
    for (TSNode up = parent_of(reading); !is(up, Kind::FunctionDefinition); up = parent_of(up)) {
      if (ts_node_is_null(up) || is(up, Kind::ClassDefinition) || is(up, Kind::Module)) return false;
      if (is(up, Kind::ForStatement) || is(up, Kind::WhileStatement)) {
        uint32_t start = ts_node_start_byte(up), end = ts_node_end_byte(up);
        for (uint32_t other : bindings_of(b.name, b.scope)) {
          uint32_t at = ts_node_start_byte(bindings_[other].node);
          if (at >= start && at < end) return false;
        }
      }
    }
    return true;
  }
  TSNode bound = statement_of(b.node), reading = statement_of(read);
  if (ts_node_is_null(bound) || ts_node_is_null(reading)) return false;
  // The read may sit in a compound statement that follows the binding in its block (`n = 3`, then
  // `with ...:` or `if ...:` holding the read). A loop on the way must not bind the name: its next
  // pass would see that binding instead.
  TSNode block = parent_of(bound);
  // Only a read after the binding inside the binding's block can be nested in it: the climb (each
  // step may cost a descent from the root) is for those.
  if (ts_node_start_byte(reading) <= ts_node_start_byte(bound) || ts_node_end_byte(reading) > ts_node_end_byte(block))
    return false;
  while (!ts_node_eq(parent_of(reading), block)) {
    TSNode up = parent_of(reading);
    if (ts_node_is_null(up) || is(up, Kind::FunctionDefinition) || is(up, Kind::ClassDefinition) ||
        is(up, Kind::Module))
      return false;
    if (is(up, Kind::ForStatement) || is(up, Kind::WhileStatement)) {
      uint32_t start = ts_node_start_byte(up), end = ts_node_end_byte(up);
      for (uint32_t other : bindings_of(b.name, b.scope)) {
        uint32_t at = ts_node_start_byte(bindings_[other].node);
        if (at >= start && at < end) return false;
      }
    }
    reading = up;
  }
  return ts_node_start_byte(bound) < ts_node_start_byte(reading);
}

std::optional<int64_t> SemanticModel::literal_items(TSNode literal) {
  int64_t count = 0;
  bool splat = false;
  for_each_named_child(literal, [&](TSNode c) {
    if (is(c, Kind::ListSplat) || is(c, Kind::DictionarySplat))
      return !(splat = true);
    if (!is(c, Kind::Comment)) ++count;
    return true;
  });
  if (splat) return std::nullopt;
  return count;
}

TSNode SemanticModel::literal_sequence(TSNode expr, uint32_t scope_id) const {
  TSNode n = strip_parens(expr);
  Kind k = kind_of(n);
  if (k == Kind::Tuple || k == Kind::List || k == Kind::Set || k == Kind::Dictionary) return n;
  if (k != Kind::Identifier) return TSNode{};
  const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
  if (!b || b->kind != BindingKind::Assignment || ts_node_is_null(b->value)) return TSNode{};
  if (!has_one_value(*b, n, scope_id)) return TSNode{};
  TSNode value = strip_parens(b->value);
  k = kind_of(value);
  if (k == Kind::Tuple || k == Kind::ExpressionList) return value;  // `(4, 6)`, `4, 6`
  bool array = false;
  if (k == Kind::Call) {
    // `x = np.array([1.0, 2.0, 3.0])`: len() counts the display's items; only x.resize() changes
    // an array's length in place
    const std::string& q = qualified_name(child_by_field(value, Field::Function), b->scope);
    if (q != "numpy.array" && q != "numpy.asarray") return TSNode{};
    TSNode args = child_by_field(value, Field::Arguments);
    bool ndmin = false;  // np.array([1, 2], ndmin=2) has one row
    for_each_named_child(args, [&](TSNode a) {
      ndmin = is(a, Kind::KeywordArgument) && node_text(child_by_field(a, Field::Name), text_) == "ndmin";
      return !ndmin;
    });
    if (ndmin) return TSNode{};
    value = named_child_count(args) >= 1 ? strip_parens(named_child(args, 0)) : TSNode{};
    if (!is(value, Kind::List) && !is(value, Kind::Tuple)) return TSNode{};
    array = true;
  } else if (k != Kind::List && k != Kind::Set && k != Kind::Dictionary) {
    return TSNode{};
  }
  // A container may change size: only when no read of the name that may change it (a method
  // call, `del x[i]`, `x += ...`, a callee that may keep or change it, another name or a container
  // holding it) runs before this read. Such a read is harmless when it is a later statement of the
  // same scope and no loop around this read contains it.
  int32_t id = static_cast<int32_t>(b - bindings_.data());
  auto may_change_size = [&](const Reference& ref) {
    Kind pk = kind_of(ref.parent);
    if (array) return pk == Kind::Attribute && node_text(ref.parent, text_).ends_with(".resize");
    if (pk == Kind::Attribute) {
      // Methods that only read: `d.items()`, `x.index(v)`, `x.copy()`.
      std::string_view method = node_text(child_by_field(ref.parent, Field::AttributeField), text_);
      return method != "items" && method != "keys" && method != "values" && method != "get" && method != "copy" &&
             method != "index" && method != "count";
    }
    if (pk == Kind::AugmentedAssignment || pk == Kind::DeleteStatement) return true;
    if (pk == Kind::Subscript && is(parent_of(ref.parent), Kind::DeleteStatement)) return true;
    if (pk == Kind::ArgumentList) {
      TSNode call = ref.grandparent;
      const std::string& q = is(call, Kind::Call) ? qualified_name(child_by_field(call, Field::Function), ref.scope)
                                                  : std::string();
      // Iterating or copying the items leaves the length alone; so do numpy, pandas, scipy and
      // scikit-learn functions, which read a list they are given into an array, an index or a
      // frame (`pd.Series(data)`, `confusion_matrix(y, y)`).
      static const std::unordered_set<std::string_view> readers = {
          "builtins.zip",      "builtins.enumerate", "builtins.iter",     "builtins.reversed",
          "builtins.sorted",   "builtins.list",      "builtins.tuple",    "builtins.set",
          "itertools.product", "itertools.chain",    "itertools.permutations", "itertools.combinations"};
      return !builtin_keeps_no_reference(q) && !readers.count(q) && !q.starts_with("numpy.") &&
             !q.starts_with("pandas.") && !q.starts_with("scipy.") && !q.starts_with("sklearn.");
    }
    UseKind use = use_kind(ref);
    // A read from another scope (a function reading a module's list) is Captured whatever it
    // does: iterating, indexing or joining it (`A + B` makes a new list) still changes nothing.
    if (use == UseKind::Captured)
      return pk != Kind::ForStatement && pk != Kind::ForInClause && pk != Kind::Subscript &&
             pk != Kind::BinaryOperator && pk != Kind::ComparisonOperator;
    return use == UseKind::Aliased || use == UseKind::Stored || use == UseKind::Yielded || use == UseKind::Unknown;
  };
  // The loops around the read, within its scope: a later statement in one of them runs before the
  // read's next iteration.
  std::vector<std::pair<uint32_t, uint32_t>> loops;
  bool loops_known = false;
  TSNode reading = statement_of(n);
  auto runs_after_the_read = [&](const Reference& ref) {
    if (ref.scope != scope_id || ref.scope != b->scope || ts_node_is_null(reading)) return false;
    TSNode changing = statement_of(ref.node);
    if (ts_node_is_null(changing) || ts_node_start_byte(changing) < ts_node_end_byte(reading)) return false;
    if (!loops_known) {
      loops_known = true;
      TSNode top = scopes_[scope_id].node;
      for (TSNode a = parent_of(n); !ts_node_is_null(a) && !ts_node_eq(a, top); a = parent_of(a))
        if (is(a, Kind::ForStatement) || is(a, Kind::WhileStatement))
          loops.emplace_back(ts_node_start_byte(a), ts_node_end_byte(a));
    }
    uint32_t at = ts_node_start_byte(changing);
    return std::none_of(loops.begin(), loops.end(), [&](const auto& l) { return l.first <= at && at < l.second; });
  };
  for (uint32_t r : references_of(static_cast<uint32_t>(id))) {
    const Reference& ref = references_[r];
    if (may_change_size(ref) && !runs_after_the_read(ref)) return TSNode{};
  }
  return value;
}

std::optional<int64_t> SemanticModel::constant_int(TSNode expr, uint32_t scope_id, int depth) const {
  if (depth > kMaxConstDepth || ts_node_is_null(expr)) return std::nullopt;
  TSNode n = strip_parens(expr);
  switch (kind_of(n)) {
    case Kind::Integer:
      return parse_int_literal(node_text(n, text_));
    case Kind::UnaryOperator: {
      auto v = constant_int(child_by_field(n, Field::Argument), scope_id, depth + 1);
      std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
      if (!v) return std::nullopt;
      if (op == "-") return -*v;
      if (op == "+") return v;
      return std::nullopt;
    }
    case Kind::BinaryOperator: {
      auto l = constant_int(child_by_field(n, Field::Left), scope_id, depth + 1);
      if (!l) return std::nullopt;
      auto r = constant_int(child_by_field(n, Field::Right), scope_id, depth + 1);
      if (!r) return std::nullopt;
      std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
      int64_t out = 0;
      if (op == "+") { if (__builtin_add_overflow(*l, *r, &out)) return std::nullopt; return out; }
      if (op == "-") { if (__builtin_sub_overflow(*l, *r, &out)) return std::nullopt; return out; }
      if (op == "*") { if (mul_overflows(*l, *r, &out)) return std::nullopt; return out; }
      if (op == "//") {
        if (*r == 0) return std::nullopt;
        int64_t q = *l / *r;
        if ((*l % *r != 0) && ((*l < 0) != (*r < 0))) --q;  // Python floors
        return q;
      }
      if (op == "**") {
        if (*r < 0 || *r > 62) return std::nullopt;
        int64_t acc = 1;
        for (int64_t i = 0; i < *r; ++i)
          if (mul_overflows(acc, *l, &acc)) return std::nullopt;
        return acc;
      }
      if (op == "<<") {
        if (*r < 0 || *r > 62 || *l < 0 || (*l >> (62 - *r)) != 0) return std::nullopt;
        return *l << *r;
      }
      return std::nullopt;
    }
    case Kind::Call: {
      // int(1e6), int(N), max()/min() of constants, and len() of a sequence of known length
      const std::string& callee = qualified_name(child_by_field(n, Field::Function), scope_id);
      if (callee == "builtins.max" || callee == "builtins.min")
        return extreme_int(n, callee == "builtins.max", scope_id, depth);
      if (callee == "numpy.prod" || callee == "math.prod") return product_int(n, scope_id, depth);
      // numpy's integer types convert like int(): `np.int_(1000 / 20)`, `np.uint64(2)`
      static const std::unordered_set<std::string_view> integer_types = {
          "builtins.int",  "numpy.int_",  "numpy.intp",  "numpy.int64",  "numpy.int32", "numpy.int16",
          "numpy.int8",    "numpy.uint64", "numpy.uint32", "numpy.uint16", "numpy.uint8", "numpy.uintp"};
      bool integer_type = integer_types.count(callee) > 0;
      if (!integer_type && callee != "builtins.len") return std::nullopt;
      TSNode args = child_by_field(n, Field::Arguments);
      if (named_child_count(args) != 1) return std::nullopt;
      TSNode a = strip_parens(named_child(args, 0));
      if (callee == "builtins.len") {
        TSNode literal = literal_sequence(a, scope_id);
        if (!ts_node_is_null(literal)) return literal_items(literal);
        if (auto length = immutable_sequence_length(a, scope_id)) return length;
        // len() of an array is its first extent (a 0-d array has no len())
        auto shape = known_shape(a, scope_id);
        if (!shape || shape->empty()) return std::nullopt;
        return shape->front();
      }
      std::optional<int64_t> v;
      if (is(a, Kind::Float)) v = parse_integral_float(node_text(a, text_));
      if (!v) v = constant_int(a, scope_id, depth + 1);
      if (!v) {
        // int(7 / 2) truncates toward zero; beyond 2**53 a double is no exact integer
        auto x = constant_number(a, scope_id, depth + 1);
        if (!x || !(std::abs(*x) < 9007199254740992.0)) return std::nullopt;
        v = static_cast<int64_t>(std::trunc(*x));
      }
      // A value outside a fixed-width type wraps or raises: not read.
      std::string_view type = std::string_view(callee).substr(callee.rfind('.') + 1);
      int bits = type.ends_with("8") ? 8 : type.ends_with("16") ? 16 : type.ends_with("32") ? 32 : 64;
      bool is_unsigned = type.starts_with("uint");
      if (is_unsigned && *v < 0) return std::nullopt;
      if (bits < 64 && (is_unsigned ? *v >= (int64_t{1} << bits) : (*v >= (int64_t{1} << (bits - 1)) ||
                                                                     *v < -(int64_t{1} << (bits - 1)))))
        return std::nullopt;
      return v;
    }
    case Kind::Subscript: {
      // `SIZE[0]` with `SIZE = (512, 512)`: an item of a literal tuple; `a.shape[0]`: an extent
      if (named_child_count(n) != 2) return std::nullopt;
      TSNode value = strip_parens(child_by_field(n, Field::Value));
      TSNode literal = literal_sequence(value, scope_id);
      if (!is_tuple_display(literal)) {
        if (!is(value, Kind::Attribute) || node_text(child_by_field(value, Field::AttributeField), text_) != "shape")
          return std::nullopt;
        auto shape = known_shape(child_by_field(value, Field::Object), scope_id);
        auto i = shape ? constant_int(named_child(n, 1), scope_id, depth + 1) : std::nullopt;
        auto dims = shape ? static_cast<int64_t>(shape->size()) : 0;
        if (!i || *i >= dims || *i < -dims) return std::nullopt;
        return (*shape)[*i < 0 ? *i + dims : *i];
      }
      auto i = constant_int(named_child(n, 1), scope_id, depth + 1);
      if (!i) return std::nullopt;
      std::optional<int64_t> count = literal_items(literal);
      if (!count || *i >= *count || *i < -*count) return std::nullopt;
      int64_t want = *i < 0 ? *i + *count : *i, at = 0;
      TSNode item{};
      for_each_named_child(literal, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        if (at++ == want) item = c;
        return ts_node_is_null(item);
      });
      return constant_int(item, scope_id, depth + 1);
    }
    case Kind::Attribute: {
      // `a.size` and `a.ndim` of an array whose shape is known
      std::string_view attribute = node_text(child_by_field(n, Field::AttributeField), text_);
      if (attribute != "size" && attribute != "ndim") return attribute_constant(n, scope_id, depth + 1);
      auto shape = known_shape(child_by_field(n, Field::Object), scope_id);
      if (!shape) return std::nullopt;
      if (attribute == "ndim") return static_cast<int64_t>(shape->size());
      int64_t size = 1;
      for (int64_t extent : *shape)
        if (mul_overflows(size, extent, &size)) return std::nullopt;
      return size;
    }
    case Kind::Identifier: {
      // A name bound exactly once in its scope is a constant; so is one whose binding is the last
      // statement before the read's in the same block.
      if (const Binding* b = assigned_value(n, scope_id)) return constant_int(b->value, b->scope, depth + 1);
      // The same for a name unpacked from a tuple display or from an array's shape:
      // `rows, cols = 3, 4`, `n_clusters, n_features = centers.shape`.
      const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
      if (!b || b->kind != BindingKind::Unpacked || !has_one_value(*b, n, scope_id)) return std::nullopt;
      TSNode pattern = parent_of(b->node), assignment = parent_of(pattern);
      if (!(is(pattern, Kind::PatternList) || is(pattern, Kind::TuplePattern) || is(pattern, Kind::ListPattern)) ||
          !is(assignment, Kind::Assignment) || !ts_node_eq(child_by_field(assignment, Field::Left), pattern))
        return std::nullopt;
      int64_t index = -1, count = 0;
      bool flat = true;
      for_each_named_child(pattern, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        if (ts_node_eq(c, b->node)) index = count;
        flat = is(c, Kind::Identifier);
        ++count;
        return flat;
      });
      TSNode value = strip_parens(child_by_field(assignment, Field::Right));
      if (!flat || index < 0) return std::nullopt;
      TSNode shaped{};  // `a.shape`, or np.shape(a)
      if (is(value, Kind::Attribute) && node_text(child_by_field(value, Field::AttributeField), text_) == "shape") {
        shaped = child_by_field(value, Field::Object);
      } else if (is(value, Kind::Call) && qualified_name(child_by_field(value, Field::Function), b->scope) == "numpy.shape") {
        auto positional = positional_arguments(child_by_field(value, Field::Arguments));
        if (positional && positional->size() == 1) shaped = positional->front();
      }
      if (!ts_node_is_null(shaped)) {
        auto shape = known_shape(shaped, b->scope);
        if (!shape || static_cast<int64_t>(shape->size()) != count) return std::nullopt;
        return (*shape)[static_cast<size_t>(index)];
      }
      if (!is(value, Kind::Tuple) && !is(value, Kind::ExpressionList)) return std::nullopt;
      TSNode item{};
      int64_t at = 0;
      for_each_named_child(value, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        if (at++ == index) item = c;
        return true;
      });
      return at == count ? constant_int(item, b->scope, depth + 1) : std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::vector<TSNode> SemanticModel::extreme_operands(TSNode call, uint32_t scope_id) const {
  // max(a, b, ...), or max(<literal sequence>); no key= or default=
  auto positional = positional_arguments(child_by_field(call, Field::Arguments));
  if (!positional || positional->empty()) return {};
  std::vector<TSNode> values = std::move(*positional);
  if (values.size() == 1) {
    TSNode literal = literal_sequence(values[0], scope_id);
    if (ts_node_is_null(literal) || is(literal, Kind::Dictionary)) return {};
    values.clear();
    for_each_named_child(literal, [&](TSNode item) {
      if (!is(item, Kind::Comment)) values.push_back(item);
      return true;
    });
  }
  return values;  // empty for max([]), which raises
}


std::optional<int64_t> SemanticModel::date_range_bound(TSNode call, uint32_t scope_id) const {
  // pd.date_range("1/1/2000", "1/31/2000", freq="5min"): at most one point per step between the
  // two dates. (With `periods=` the length is exact: immutable_sequence_length.)
  call = strip_parens(call);
  if (!is(call, Kind::Call)) return std::nullopt;
  std::string_view function = pandas_range(qualified_name(child_by_field(call, Field::Function), scope_id));
  if (function != "date_range" && function != "bdate_range" && function != "period_range") return std::nullopt;
  // The arguments by position (start, end, periods, freq) or keyword; no unpacking.
  TSNode args = child_by_field(call, Field::Arguments);
  static constexpr std::string_view keywords[4] = {"start", "end", "periods", "freq"};
  TSNode given[4] = {};
  for (int k = 0; k < 4; ++k) given[k] = argument(args, k, keywords[k], text_);
  if (argument_shape(args).unpacking || !ts_node_is_null(given[2])) return std::nullopt;
  auto from = date_seconds(given[0], scope_id), to = date_seconds(given[1], scope_id);
  auto start = literal_string_content(given[0], text_), end = literal_string_content(given[1], text_);
  // The default step is a day (a business day for bdate_range); period_range infers one from the
  // dates, a day for dates without a time.
  TSNode freq_arg = given[3];
  std::optional<std::string_view> freq = ts_node_is_null(freq_arg) ? std::optional<std::string_view>("D")
                                                                   : literal_string_content(freq_arg, text_);
  // period_range infers its step from the dates' text: only dates written as strings without a
  // time give a day.
  if (ts_node_is_null(freq_arg) && function == "period_range" &&
      (!start || !end || start->find(':') != std::string_view::npos || end->find(':') != std::string_view::npos))
    return std::nullopt;
  auto step = freq ? frequency_min_seconds(*freq) : std::nullopt;
  if (!from || !to || !step) return std::nullopt;
  return range_points_bound(*from, *to, *step);
}

std::optional<int64_t> SemanticModel::date_seconds(TSNode expr, uint32_t scope_id, int depth) const {
  // "1/1/2000"; datetime(2005, 1, 10[, h, m, s]) and pd.Timestamp of either form; a name bound
  // once to one of those.
  if (depth > kMaxConstDepth) return std::nullopt;
  TSNode n = strip_parens(expr);
  if (const Binding* b = is(n, Kind::Identifier) ? assigned_value(n, scope_id) : nullptr)
    return date_seconds(b->value, b->scope, depth + 1);
  if (auto text = literal_string_content(n, text_)) return parse_date_seconds(*text);
  if (!is(n, Kind::Call)) return std::nullopt;
  const std::string& q = qualified_name(child_by_field(n, Field::Function), scope_id);
  if (q != "datetime.datetime" && q != "pandas.Timestamp") return std::nullopt;
  TSNode args = child_by_field(n, Field::Arguments);
  auto positional = positional_arguments(args);
  if (!positional || positional->empty() || named_child_count(args) != positional->size())
    return std::nullopt;  // a tz=, or fields by keyword
  if (q == "pandas.Timestamp" && positional->size() == 1) {
    auto text = literal_string_content(positional->front(), text_);
    return text ? parse_date_seconds(*text) : std::nullopt;
  }
  if (positional->size() < 3 || positional->size() > 6) return std::nullopt;
  int64_t fields[6] = {0, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < positional->size(); ++i) {
    auto v = constant_int((*positional)[i], scope_id);
    if (!v) return std::nullopt;
    fields[i] = *v;
  }
  return civil_seconds(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
}

std::optional<int64_t> SemanticModel::product_int(TSNode call, uint32_t scope_id, int depth) const {
  // np.prod(shape) with `shape = (4, 3)`, or of an array's known shape: `np.prod(a.shape)`
  auto positional = positional_arguments(child_by_field(call, Field::Arguments));
  if (!positional || positional->size() != 1) return std::nullopt;
  TSNode of = strip_parens((*positional)[0]);
  std::vector<int64_t> factors;
  TSNode literal = literal_sequence(of, scope_id);
  if (is_tuple_display(literal) || is(literal, Kind::List)) {
    bool known = true;
    for_each_named_child(literal, [&](TSNode item) {
      if (is(item, Kind::Comment)) return true;
      auto v = constant_int(item, scope_id, depth + 1);
      if (v) factors.push_back(*v);
      return known = v.has_value();
    });
    if (!known) return std::nullopt;
  } else if (is(of, Kind::Attribute) && node_text(child_by_field(of, Field::AttributeField), text_) == "shape") {
    auto shape = known_shape(child_by_field(of, Field::Object), scope_id);
    if (!shape) return std::nullopt;
    factors = std::move(*shape);
  } else {
    return std::nullopt;
  }
  int64_t product = 1;
  for (int64_t f : factors)
    if (mul_overflows(product, f, &product)) return std::nullopt;
  return product;
}

std::optional<int64_t> SemanticModel::extreme_int(TSNode call, bool largest, uint32_t scope_id, int depth) const {
  std::optional<int64_t> best;
  for (TSNode v : extreme_operands(call, scope_id)) {
    auto x = constant_int(v, scope_id, depth + 1);
    if (!x) return std::nullopt;
    best = !best ? *x : largest ? std::max(*best, *x) : std::min(*best, *x);
  }
  return best;
}

std::optional<int64_t> SemanticModel::immutable_sequence_length(TSNode expr, uint32_t scope_id) const {
  TSNode n = strip_parens(expr);
  if (is(n, Kind::Identifier)) {
    // A range or a pandas index cannot change length: a name bound to one keeps it.
    const Binding* b = assigned_value(n, scope_id);
    if (!b) return std::nullopt;
    TSNode value = strip_parens(b->value);
    if (!is(value, Kind::Call)) return std::nullopt;
    const std::string& q = qualified_name(child_by_field(value, Field::Function), b->scope);
    if (q == "builtins.list") return std::nullopt;  // a list may grow
    return immutable_sequence_length(value, b->scope);
  }
  if (is(n, Kind::Attribute) && node_text(child_by_field(n, Field::AttributeField), text_) == "asi8")
    return immutable_sequence_length(child_by_field(n, Field::Object), scope_id);  // an index's int64 values
  if (!is(n, Kind::Call)) return std::nullopt;
  TSNode function = child_by_field(n, Field::Function);
  if (is(function, Kind::Attribute)) {
    // An index converted element by element keeps its length: `idx.tz_localize("EST")`.
    static const std::unordered_set<std::string_view> keeps_length = {
        "tz_localize", "tz_convert", "to_period", "to_timestamp", "normalize", "shift", "rename", "copy", "astype"};
    if (keeps_length.count(node_text(child_by_field(function, Field::AttributeField), text_)))
      if (auto length = immutable_sequence_length(child_by_field(function, Field::Object), scope_id)) return length;
  }
  const std::string& q = qualified_name(function, scope_id);
  TSNode args = child_by_field(n, Field::Arguments);
  // pandas' testing helpers: tm.makeDateIndex(10) and its kin make an index of k values.
  static const std::unordered_set<std::string_view> testing_indexes = {
      "pandas._testing.makeDateIndex",   "pandas._testing.makeTimedeltaIndex", "pandas._testing.makePeriodIndex",
      "pandas._testing.makeIntIndex",    "pandas._testing.makeUIntIndex",      "pandas._testing.makeFloatIndex",
      "pandas._testing.makeStringIndex", "pandas._testing.makeBoolIndex",      "pandas._testing.makeRangeIndex",
      "pandas._testing.makeCategoricalIndex", "pandas._testing.makeIntervalIndex"};
  if (testing_indexes.count(q)) {
    if (argument_shape(args).unpacking) return std::nullopt;
    TSNode k = argument(args, 0, "k", text_);
    return ts_node_is_null(k) ? std::optional<int64_t>(10) : constant_int(k, scope_id);  // k=10 by default
  }
  if (q == "builtins.range") {
    auto length = range_length(n, scope_id);
    return length && *length <= static_cast<uint64_t>(INT64_MAX) ? std::optional<int64_t>(*length) : std::nullopt;
  }
  if (q == "builtins.list" || q == "builtins.tuple") {
    // list(range(5)): as long as the range
    auto positional = positional_arguments(args);
    TSNode inner = positional && positional->size() == 1 ? strip_parens((*positional)[0]) : TSNode{};
    if (!is(inner, Kind::Call) || qualified_name(child_by_field(inner, Field::Function), scope_id) != "builtins.range")
      return std::nullopt;
    return immutable_sequence_length(inner, scope_id);
  }
  // pd.Index([...]), pd.PeriodIndex([...]), pd.Categorical([...]): one value per item written out
  if (q == "pandas.Index" || q == "pandas.PeriodIndex" || q == "pandas.DatetimeIndex" ||
      q == "pandas.TimedeltaIndex" || q == "pandas.CategoricalIndex" || q == "pandas.Categorical") {
    // the data: the first positional argument or `data=` (`freq=`, `dtype=` and the like may follow)
    TSNode data{};
    bool unpacking = false;
    for_each_named_child(args, [&](TSNode a) {
      if (is(a, Kind::ListSplat) || is(a, Kind::DictionarySplat)) return !(unpacking = true);
      if (is(a, Kind::KeywordArgument)) {
        if (node_text(child_by_field(a, Field::Name), text_) == "data") data = child_by_field(a, Field::Value);
      } else if (!is(a, Kind::Comment) && ts_node_is_null(data)) {
        data = a;
      }
      return true;
    });
    if (unpacking) return std::nullopt;
    TSNode literal = strip_parens(data);
    if (!is(literal, Kind::List) && !is(literal, Kind::Tuple)) return std::nullopt;
    // Lists in the list make a MultiIndex of their length, not of theirs.
    bool flat = true;
    for_each_named_child(literal, [&](TSNode item) {
      Kind k = kind_of(strip_parens(item));
      return flat = k != Kind::List && k != Kind::Tuple && k != Kind::Dictionary && k != Kind::Set;
    });
    return flat ? literal_items(literal) : std::nullopt;
  }
  // MultiIndex.from_product([dates, ids]): the product of the lengths of the iterables given
  if (q == "pandas.MultiIndex.from_product") {
    auto positional = positional_arguments(args);
    TSNode iterables = positional && !positional->empty() ? (*positional)[0] : TSNode{};
    TSNode literal = literal_sequence(iterables, scope_id);
    if (!is(literal, Kind::List) && !is_tuple_display(literal)) return std::nullopt;
    int64_t product = 1;
    bool known = true;
    for_each_named_child(literal, [&](TSNode item) {
      if (is(item, Kind::Comment)) return true;
      auto length = sequence_length(item, scope_id);
      if (!length || *length > static_cast<uint64_t>(INT64_MAX) ||
          mul_overflows(product, static_cast<int64_t>(*length), &product))
        return known = false;
      return true;
    });
    return known ? std::optional<int64_t>(product) : std::nullopt;
  }
  // pandas' date_range(start, periods=10): `periods` values
  if (!pandas_range(q).empty()) {
    TSNode given = argument(args, -1, "periods", text_);
    auto periods = ts_node_is_null(given) || argument_shape(args).unpacking ? std::nullopt : constant_int(given, scope_id);
    if (!periods || *periods < 0) return std::nullopt;
    return periods;
  }
  return std::nullopt;
}

std::optional<uint64_t> SemanticModel::sequence_length(TSNode expr, uint32_t scope_id) const {
  TSNode n = strip_parens(expr);
  if (TSNode literal = literal_sequence(n, scope_id); !ts_node_is_null(literal)) {
    auto items = literal_items(literal);
    return items ? std::optional<uint64_t>(static_cast<uint64_t>(*items)) : std::nullopt;
  }
  if (!is(n, Kind::Call)) return std::nullopt;
  const std::string& q = qualified_name(child_by_field(n, Field::Function), scope_id);
  TSNode args = child_by_field(n, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return std::nullopt;
  if (q == "builtins.list" && named_child_count(args) == 1) {
    // list("abcde"): a plain string's characters (no interpolation, escape or non-ASCII byte)
    auto body = literal_string_content(named_child(args, 0), text_);
    if (!body) return std::nullopt;
    for (char c : *body)
      if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    return body->size();
  }
  if (q == "builtins.range") return range_length(n, scope_id);
  // an index of stated length: pd.DatetimeIndex([]), pd.date_range(..., periods=3)
  if (auto length = immutable_sequence_length(n, scope_id)) return static_cast<uint64_t>(*length);
  return std::nullopt;
}

std::optional<uint64_t> SemanticModel::range_length(TSNode range_call, uint32_t scope_id) const {
  TSNode args = child_by_field(range_call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return std::nullopt;
  std::optional<int64_t> v[3];
  constexpr int64_t kLimit = int64_t{1} << 60;  // keeps the arithmetic below from overflowing
  auto positional = positional_arguments(args);
  if (!positional || positional->empty() || positional->size() > 3) return std::nullopt;
  size_t n = positional->size();
  for (size_t i = 0; i < n; ++i) {
    v[i] = constant_int((*positional)[i], scope_id);
    if (!v[i] || *v[i] <= -kLimit || *v[i] >= kLimit) return std::nullopt;
  }
  int64_t start = n >= 2 ? *v[0] : 0, stop = n >= 2 ? *v[1] : *v[0], step = n == 3 ? *v[2] : 1;
  if (step == 0) return std::nullopt;
  int64_t len = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
  return len > 0 ? static_cast<uint64_t>(len) : 0;
}

std::optional<double> SemanticModel::constant_number(TSNode expr, uint32_t scope_id, int depth) const {
  if (depth > kMaxConstDepth || ts_node_is_null(expr)) return std::nullopt;
  TSNode n = strip_parens(expr);
  switch (kind_of(n)) {
    case Kind::Integer:
      if (auto v = parse_int_literal(node_text(n, text_))) return static_cast<double>(*v);
      return std::nullopt;
    case Kind::Float: {
      std::string clean;
      for (char c : node_text(n, text_))
        if (c != '_') clean += c;
      if (clean.find_first_of("jJ") != std::string::npos) return std::nullopt;
      char* end = nullptr;
      double d = std::strtod(clean.c_str(), &end);
      if (end != clean.c_str() + clean.size()) return std::nullopt;
      return d;
    }
    case Kind::UnaryOperator: {
      auto v = constant_number(child_by_field(n, Field::Argument), scope_id, depth + 1);
      std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
      if (!v) return std::nullopt;
      if (op == "-") return -*v;
      if (op == "+") return v;
      return std::nullopt;
    }
    case Kind::BinaryOperator: {
      auto l = constant_number(child_by_field(n, Field::Left), scope_id, depth + 1);
      if (!l) return std::nullopt;
      auto r = constant_number(child_by_field(n, Field::Right), scope_id, depth + 1);
      if (!r) return std::nullopt;
      std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
      if (op == "+") return *l + *r;
      if (op == "-") return *l - *r;
      if (op == "*") return *l * *r;
      if (op == "/" && *r != 0) return *l / *r;
      return std::nullopt;
    }
    case Kind::Identifier: {
      const Binding* b = assigned_value(n, scope_id);
      if (!b) return std::nullopt;
      return constant_number(b->value, b->scope, depth + 1);
    }
    case Kind::Call: {
      const std::string& callee = qualified_name(child_by_field(n, Field::Function), scope_id);
      if (callee == "numpy.sqrt" || callee == "math.sqrt" || callee == "numpy.float64" || callee == "builtins.float" ||
          callee == "numpy.float32") {
        // `np.sqrt(2) / 2`, `float(n)`: one argument, a number
        auto arguments = positional_arguments(child_by_field(n, Field::Arguments));
        auto x = arguments && arguments->size() == 1 ? constant_number(arguments->front(), scope_id, depth + 1)
                                                     : std::nullopt;
        if (!x || (callee.ends_with("sqrt") && *x < 0)) return std::nullopt;
        return callee.ends_with("sqrt") ? std::sqrt(*x) : *x;
      }
      // max()/min() of numbers: `max(sigmas)` with `sigmas = [5.0, 3.0, 50.0]`
      if (callee != "builtins.max" && callee != "builtins.min") break;
      std::optional<double> best;
      for (TSNode v : extreme_operands(n, scope_id)) {
        auto x = constant_number(v, scope_id, depth + 1);
        if (!x) return std::nullopt;
        best = !best ? *x : callee == "builtins.max" ? std::max(*best, *x) : std::min(*best, *x);
      }
      return best;
    }
    case Kind::Attribute: {
      const std::string& q = qualified_name(n, scope_id);
      if (q == "numpy.pi" || q == "math.pi") return 3.141592653589793;
      if (q == "numpy.e" || q == "math.e") return 2.718281828459045;
      if (q == "math.tau") return 6.283185307179586;
      return std::nullopt;
    }
    default:
      break;
  }
  if (auto v = constant_int(n, scope_id, depth + 1)) return static_cast<double>(*v);
  return std::nullopt;
}

std::optional<int64_t> SemanticModel::positive_element_bound(TSNode array, uint32_t scope_id) const {
  auto elements = element_bound(array, scope_id);
  if (!elements || *elements == 0 || *elements > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(*elements);
}

std::optional<std::vector<TSNode>> SemanticModel::range_arguments(TSNode call, uint32_t scope_id, bool arange) const {
  if (!is(call, Kind::Call)) return std::nullopt;
  const std::string& q = qualified_name(child_by_field(call, Field::Function), scope_id);
  if (q != "builtins.range" && !(arange && q == "numpy.arange")) return std::nullopt;
  auto args = positional_arguments(child_by_field(call, Field::Arguments));
  if (!args || args->empty() || args->size() > 3) return std::nullopt;
  return args;
}

std::optional<int64_t> SemanticModel::range_upper_bound(TSNode call, uint32_t scope_id, int depth) const {
  // range(stop) and np.arange(stop) of integers: values below stop. With a start: below stop
  // for a positive step, at most start for a negative one; whatever the step, at most the larger.
  auto args = range_arguments(call, scope_id, /*arange=*/true);
  if (!args) return std::nullopt;
  bool arange = qualified_name(child_by_field(call, Field::Function), scope_id) == "numpy.arange";
  auto stop = int_upper_bound((*args)[args->size() == 1 ? 0 : 1], scope_id, depth + 1);
  if (!stop) return std::nullopt;
  if (args->size() == 1) return *stop - 1;
  auto step = args->size() == 3 ? constant_int((*args)[2], scope_id, depth + 1) : std::optional<int64_t>(1);
  if (arange && args->size() == 3 && !step) return std::nullopt;  // a float step
  auto start = int_upper_bound((*args)[0], scope_id, depth + 1);
  if (arange && !start) return std::nullopt;  // a float start gives floats
  if (step && *step > 0) return *stop - 1;
  if (!start) return std::nullopt;
  return std::max(*start, *stop - 1);
}

bool SemanticModel::non_negative(TSNode expr, uint32_t scope_id, int depth) const {
  // A constant at least 0, len() or an array's size, or a loop variable over a range that starts
  // at 0 or above and steps up, or over written-out numbers none of them negative.
  if (depth > kMaxConstDepth || ts_node_is_null(expr)) return false;
  TSNode n = strip_parens(expr);
  if (auto v = constant_int(n, scope_id, depth + 1)) return *v >= 0;
  if (is(n, Kind::Call)) return qualified_name(child_by_field(n, Field::Function), scope_id) == "builtins.len";
  if (is(n, Kind::Attribute)) {
    std::string_view attribute = node_text(child_by_field(n, Field::AttributeField), text_);
    return attribute == "size" || attribute == "ndim";
  }
  if (!is(n, Kind::Identifier)) return false;
  const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
  auto target = b ? loop_target(*b, n) : std::nullopt;
  if (!target) return false;
  TSNode iterable = strip_parens(child_by_field(target->loop, Field::Right));
  if (auto args = target->position ? std::nullopt : range_arguments(iterable, b->scope, /*arange=*/false)) {
    if (args->size() == 1) return true;
    if (args->size() == 3) {
      auto step = constant_int((*args)[2], b->scope, depth + 1);
      if (!step || *step <= 0) return false;
    }
    return non_negative((*args)[0], b->scope, depth + 1);
  }
  std::vector<TSNode> items = loop_items(*b, *target);
  if (items.empty()) return false;
  for (TSNode item : items) {
    auto v = constant_int(item, b->scope, depth + 1);
    if (!v || *v < 0) return false;
  }
  return true;
}

uint32_t SemanticModel::scope_of_node(TSNode definition) const {
  for (uint32_t s = 0; s < scopes_.size(); ++s)
    if (ts_node_eq(scopes_[s].node, definition)) return s;
  return 0;
}

std::optional<int64_t> SemanticModel::attribute_constant(TSNode attribute, uint32_t scope_id, int depth) const {
  // `self.n` in a method, where the class sets `n` exactly once: `n = 50` in its body, or
  // `self.n = 50` in one of its methods (pytest's setup_method runs before each test). The value
  // is constant_int's of that one assignment.
  TSNode object = child_by_field(attribute, Field::Object);
  if (!is(object, Kind::Identifier)) return std::nullopt;
  const Binding* self = resolve(node_text(object, text_), scope_id, ts_node_start_byte(object));
  if (!self || self->kind != BindingKind::Parameter) return std::nullopt;
  TSNode owner = method_owner(*self);
  if (ts_node_is_null(owner)) return std::nullopt;
  std::string_view member = node_text(child_by_field(attribute, Field::AttributeField), text_);
  // The one assignment of `member` in the class: in its body, or to the first parameter's
  // attribute in one of its methods. None when there are several, an augmented assignment, or
  // the class has a `del` or a setattr().
  const ClassAttributes& stores = class_attributes(owner);
  if (stores.opaque) return std::nullopt;
  TSNode value{};
  uint32_t value_scope = 0;
  int count = 0;
  for (uint32_t id : bindings_of(member, scope_of_node(owner))) {
    if (bindings_[id].kind != BindingKind::Assignment) return std::nullopt;
    value = bindings_[id].value;
    value_scope = bindings_[id].scope;
    ++count;
  }
  if (auto it = stores.members.find(member); it != stores.members.end()) {
    if (it->second.several) return std::nullopt;
    value = it->second.value;
    value_scope = it->second.scope;
    ++count;
  }
  if (count != 1 || ts_node_is_null(value)) return std::nullopt;
  return constant_int(value, value_scope, depth + 1);
}

TSNode SemanticModel::method_owner(const Binding& parameter) const {
  if (parameter.kind != BindingKind::Parameter) return TSNode{};
  TSNode method = scopes_[parameter.scope].node;
  if (!is(method, Kind::FunctionDefinition) ||
      !ts_node_eq(named_child(child_by_field(method, Field::ParametersField), 0), parameter.node))
    return TSNode{};
  TSNode up = parent_of(method);
  if (is(up, Kind::DecoratedDefinition)) up = parent_of(up);
  up = parent_of(up);  // the class body's block
  return is(up, Kind::ClassDefinition) ? up : TSNode{};
}

const SemanticModel::ClassAttributes& SemanticModel::class_attributes(TSNode owner) const {
  // One pass over the references inside the class: `first.member = value` and `first.member += v`,
  // where `first` is the first parameter of a method of this class.
  auto [slot, fresh] = class_attributes_.try_emplace(ts_node_start_byte(owner));
  ClassAttributes& out = slot->second;
  if (!fresh) return out;
  auto [first, last] = references_within(ts_node_start_byte(owner), ts_node_end_byte(owner));
  for (uint32_t r = first; r < last; ++r) {
    const Reference& ref = references_[r];
    if (ref.name == "setattr" && ref.binding < 0) out.opaque = true;
    // A `del` of an attribute or an item (`del x.a`, `del x.__dict__["a"]`) makes it opaque
    // too, and of a name in the class body (a class attribute). A local name in a method is
    // not an attribute: `del r`, `del a, b`.
    bool in_body = scopes_[ref.scope].kind == ScopeKind::Class;
    if (is(ref.parent, Kind::DeleteStatement) ||
        (is(ref.parent, Kind::ExpressionList) && is(ref.grandparent, Kind::DeleteStatement)))
      out.opaque = out.opaque || in_body;
    else if (is(ref.grandparent, Kind::DeleteStatement) ||
             (is(ref.grandparent, Kind::ExpressionList) && is(parent_of(ref.grandparent), Kind::DeleteStatement)))
      out.opaque = true;
    if (!is(ref.parent, Kind::Attribute) || ref.binding < 0) continue;
    Kind gk = kind_of(ref.grandparent);
    bool assigned = (gk == Kind::Assignment || gk == Kind::AugmentedAssignment) &&
                    ts_node_eq(child_by_field(ref.grandparent, Field::Left), ref.parent);
    if (!assigned) continue;
    // Only a method's own first parameter counts: another object's attribute is not ours.
    if (!ts_node_eq(method_owner(bindings_[ref.binding]), owner)) continue;
    AttributeStore& store = out.members[node_text(child_by_field(ref.parent, Field::AttributeField), text_)];
    store.several = store.several || !ts_node_is_null(store.value) || gk != Kind::Assignment;
    store.value = gk == Kind::Assignment ? child_by_field(ref.grandparent, Field::Right) : TSNode{};
    store.scope = ref.scope;
  }
  return out;
}

bool SemanticModel::loop_value_reaches(const Binding& b, TSNode loop, TSNode read) const {
  // A name bound elsewhere too still has the loop's value in the loop's body, where each pass binds
  // it first (resolve() found no binding between); after the loop another binding may reach.
  if (scopes_[b.scope].names.at(b.name).size() == 1) return true;
  return is(loop, Kind::ForStatement) && ts_node_start_byte(read) >= ts_node_start_byte(loop) &&
         ts_node_end_byte(read) <= ts_node_end_byte(loop);
}

TSNode SemanticModel::unpacked_from(const Binding& b) const {
  if ((b.kind != BindingKind::Unpacked && b.kind != BindingKind::LoopTarget) || !ts_node_is_null(b.value)) return {};
  TSNode holder = parent_of(b.node);
  while (is(holder, Kind::PatternList) || is(holder, Kind::TuplePattern) || is(holder, Kind::ListPattern) ||
         is(holder, Kind::ParenthesizedExpression) || is(holder, Kind::ListSplatPattern) || is(holder, Kind::Tuple) ||
         is(holder, Kind::List) || is(holder, Kind::ExpressionList))
    holder = parent_of(holder);
  if (!is(holder, Kind::Assignment) && !is(holder, Kind::ForStatement)) return {};
  TSNode source = child_by_field(holder, Field::Right);
  return is(source, Kind::Assignment) ? TSNode{} : source;
}

std::optional<SemanticModel::LoopTarget> SemanticModel::loop_target(const Binding& b, TSNode read) const {
  // `for n in ...`, or `for n, m in ...`: the name is the item at `position` of each item.
  if (b.kind != BindingKind::LoopTarget) return std::nullopt;
  LoopTarget t;
  t.loop = parent_of(b.node);
  if (is(t.loop, Kind::PatternList) || is(t.loop, Kind::TuplePattern) || is(t.loop, Kind::ListPattern)) {
    int64_t at = 0;
    bool plain = true;
    for_each_named_child(t.loop, [&](TSNode c) {
      if (ts_node_eq(c, b.node)) t.position = at;
      plain = plain && is(c, Kind::Identifier);
      ++at;
      return true;
    });
    if (!plain || !t.position) return std::nullopt;  // `*rest` or a nested pattern
    t.targets = at;
    t.loop = parent_of(t.loop);
  }
  if (!is(t.loop, Kind::ForStatement) && !is(t.loop, Kind::ForInClause)) return std::nullopt;
  if (!t.position && !ts_node_eq(child_by_field(t.loop, Field::Left), b.node)) return std::nullopt;
  if (!loop_value_reaches(b, t.loop, read)) return std::nullopt;
  return t;
}

std::vector<TSNode> SemanticModel::loop_items(TSNode name, uint32_t scope_id) const {
  TSNode n = strip_parens(name);
  if (!is(n, Kind::Identifier)) return {};
  const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
  if (b && b->kind == BindingKind::Parameter) return parametrized_values(*b);
  auto t = b ? loop_target(*b, n) : std::nullopt;
  return t ? loop_items(*b, *t) : std::vector<TSNode>{};
}

bool SemanticModel::written_items(TSNode iterable, uint32_t scope_id, std::vector<TSNode>& out) const {
  // The items of a written-out list or tuple: `iterable` itself, a name bound to one that nothing
  // has changed when it is read, or a slice of one (`[64, 77, 100][:2]`: some of its items).
  auto display = [&](TSNode source) -> TSNode {
    source = strip_parens(source);
    if (is(source, Kind::Subscript) && named_child_count(source) == 2 &&
        is(strip_parens(named_child(source, 1)), Kind::Slice))
      source = child_by_field(source, Field::Value);
    if (is(source, Kind::ExpressionList)) return source;  // `for n, m in (1, 1), (4, 5):`
    TSNode literal = literal_sequence(source, scope_id);
    return is_tuple_display(literal) || is(literal, Kind::List) ? literal : TSNode{};
  };
  auto items_of = [&](TSNode literal) {
    bool plain = !ts_node_is_null(literal);
    if (plain)
      for_each_named_child(literal, [&](TSNode item) {
        if (is(item, Kind::ListSplat)) return plain = false;
        if (!is(item, Kind::Comment)) out.push_back(item);
        return true;
      });
    return plain;
  };
  // `A_SIZES + B_SIZES`: the items of both
  std::vector<TSNode> parts;
  for (TSNode sum = strip_parens(iterable);; sum = strip_parens(child_by_field(sum, Field::Left))) {
    if (is(sum, Kind::BinaryOperator) && node_text(child_by_field(sum, Field::Operator), text_) == "+") {
      parts.push_back(child_by_field(sum, Field::Right));
      continue;
    }
    parts.push_back(sum);
    break;
  }
  for (auto part = parts.rbegin(); part != parts.rend(); ++part)
    if (!items_of(display(*part))) return false;
  return true;
}

bool SemanticModel::take_position(std::vector<TSNode>& items, int64_t position, int64_t count) {
  for (TSNode& item : items) {
    TSNode tuple = strip_parens(item);
    if (!(is(tuple, Kind::Tuple) || is(tuple, Kind::List)) || literal_items(tuple) != count) return false;
    int64_t at = 0;
    TSNode part{};
    for_each_named_child(tuple, [&](TSNode c) {
      if (!is(c, Kind::Comment) && at++ == position) part = c;
      return ts_node_is_null(part);
    });
    item = part;
  }
  return true;
}

std::vector<TSNode> SemanticModel::loop_items(const Binding& b, const LoopTarget& t) const {
  TSNode iterable = strip_parens(child_by_field(t.loop, Field::Right));
  std::vector<TSNode> items;
  if (t.position) {
    // zip(a, b) and itertools.product(a, b), called in the loop or bound once to a name: the k-th
    // target takes the items of the k-th argument.
    TSNode call = iterable;
    if (const Binding* named = is(call, Kind::Identifier) ? assigned_value(call, b.scope) : nullptr)
      call = strip_parens(named->value);
    if (is(call, Kind::Call)) {
      const std::string& q = qualified_name(child_by_field(call, Field::Function), b.scope);
      auto args = positional_arguments(child_by_field(call, Field::Arguments));
      if (!args) return {};
      if (q == "builtins.enumerate") {  // `for i, x in enumerate(a)`: x takes the items of a
        if (args->size() != 1 || t.targets != 2 || *t.position != 1) return {};
        return written_items(args->front(), b.scope, items) ? items : std::vector<TSNode>{};
      }
      if (q != "builtins.zip" && q != "itertools.product") return {};
      if (static_cast<int64_t>(args->size()) != t.targets) return {};
      if (!written_items((*args)[*t.position], b.scope, items)) return {};
      return items;
    }
  }
  if (!written_items(iterable, b.scope, items)) return {};
  // `for shape, dtype in [((3, 4), "f"), ((0,), "i")]`: the item at `position` of each item
  if (t.position && !take_position(items, *t.position, t.targets)) return {};
  return items;
}

std::vector<TSNode> SemanticModel::parametrized_values(const Binding& p) const {
  if (p.kind != BindingKind::Parameter) return {};
  const Scope& function = scopes_[p.scope];
  if (function.kind != ScopeKind::Function || function.parent < 0) return {};
  TSNode decorated = parent_of(function.node);
  if (!is(decorated, Kind::DecoratedDefinition)) return {};
  if (bindings_of(p.name, p.scope).size() != 1) return {};  // bound again in the body
  const uint32_t outer = static_cast<uint32_t>(function.parent);
  std::vector<TSNode> values;
  bool known = true, named = false;
  // One `@pytest.mark.parametrize(argnames, argvalues, indirect=False, ...)`: the values it gives
  // the parameter, if it names it.
  auto parametrize = [&](TSNode args) {
    if (argument_shape(args).unpacking) return false;
    std::vector<std::string_view> names;
    auto add_names = [&](std::string_view list) {
      while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view one = list.substr(0, comma);
        while (!one.empty() && (one.front() == ' ' || one.front() == '\t')) one.remove_prefix(1);
        while (!one.empty() && (one.back() == ' ' || one.back() == '\t')) one.remove_suffix(1);
        if (!one.empty()) names.push_back(one);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
    };
    TSNode argnames = strip_parens(argument(args, 0, "argnames", text_));
    if (is(argnames, Kind::String)) {
      auto content = literal_string_content(argnames, text_);
      if (!content) return false;
      add_names(*content);
    } else if (is_tuple_display(argnames) || is(argnames, Kind::List)) {
      bool plain = true;
      for_each_named_child(argnames, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        auto content = is(c, Kind::String) ? literal_string_content(c, text_) : std::nullopt;
        if (!content) return plain = false;
        names.emplace_back(*content);
        return true;
      });
      if (!plain) return false;
    } else {
      return false;  // which parameters it names is not written out
    }
    auto at = std::find(names.begin(), names.end(), p.name);
    if (at == names.end()) return true;  // a mark for other parameters
    if (named) return false;             // named twice: pytest refuses it
    named = true;
    TSNode indirect = argument(args, 2, "indirect", text_);
    if (!ts_node_is_null(indirect) && !is(strip_parens(indirect), Kind::False)) return false;  // values go to fixtures
    const int64_t position = at - names.begin(), count = static_cast<int64_t>(names.size());
    std::vector<TSNode> items;
    if (!written_items(argument(args, 1, "argvalues", text_), outer, items)) return false;
    for (TSNode item : items) {
      TSNode e = strip_parens(item);
      if (is(e, Kind::Call) && qualified_name(child_by_field(e, Field::Function), outer) == "pytest.param") {
        // `pytest.param(3, 4, id="small")`: the values by position, then id and marks by keyword
        TSNode param_args = child_by_field(e, Field::Arguments);
        ArgumentShape shape = argument_shape(param_args);
        if (shape.unpacking || shape.positional != static_cast<uint32_t>(count)) return false;
        values.push_back(argument(param_args, static_cast<int>(position), "", text_));
      } else if (count == 1) {
        values.push_back(item);
      } else {
        std::vector<TSNode> one{item};
        if (!take_position(one, position, count)) return false;
        values.push_back(one.front());
      }
    }
    return true;
  };
  for_each_named_child(decorated, [&](TSNode d) {
    if (!is(d, Kind::Decorator)) return true;
    TSNode e = strip_parens(named_child(d, 0));
    bool call = is(e, Kind::Call);
    const std::string& q = qualified_name(call ? child_by_field(e, Field::Function) : e, outer);
    if (q == "pytest.mark.parametrize")
      known = call && parametrize(child_by_field(e, Field::Arguments));
    else
      known = q.starts_with("pytest.mark.");  // other marks only label the test; anything else may call it
    return known;
  });
  if (!known || !named) return {};
  return values;
}

std::optional<int64_t> SemanticModel::parameter_bound(uint32_t id, int depth) const {
  if (depth > kMaxConstDepth) return std::nullopt;
  if (auto it = parameter_bounds_.find(id); it != parameter_bounds_.end()) return it->second;
  parameter_bounds_[id] = std::nullopt;  // a recursive call gives no bound
  auto bound = [&]() -> std::optional<int64_t> {
    const Binding& p = bindings_[id];
    const Scope& function = scopes_[p.scope];
    if (function.kind != ScopeKind::Function || function.parent < 0) return std::nullopt;
    if (bindings_of(p.name, p.scope).size() != 1) return std::nullopt;  // bound again in the body
    TSNode def = function.node;
    const uint32_t outer = static_cast<uint32_t>(function.parent);
    if (is(parent_of(def), Kind::DecoratedDefinition)) {
      // A decorator may call it, unless it is a test that pytest's marks parametrize.
      std::vector<TSNode> values = parametrized_values(p);
      if (values.empty()) return std::nullopt;
      std::optional<int64_t> best;
      for (TSNode v : values) {
        auto b = int_upper_bound(v, outer, depth + 1);
        if (!b) return std::nullopt;
        best = std::max(best.value_or(*b), *b);
      }
      return best;
    }
    std::string_view name = node_text(child_by_field(def, Field::Name), text_);
    // Callers elsewhere: a method, or a module function others may import.
    if (scopes_[outer].kind != ScopeKind::Function &&
        !(scopes_[outer].kind == ScopeKind::Module && name.starts_with("_")))
      return std::nullopt;
    const auto& named = bindings_of(name, outer);
    if (named.size() != 1 || bindings_[named.front()].kind != BindingKind::FunctionDef) return std::nullopt;
    // The parameter's position among the positional ones (-1: keyword-only) and its default.
    int position = -1, index = 0;
    bool keyword_only = false, found = false;
    TSNode fallback{};
    for_each_named_child(child_by_field(def, Field::ParametersField), [&](TSNode c) {
      Kind k = kind_of(c);
      if (k == Kind::ListSplatPattern || k == Kind::DictionarySplatPattern || k == Kind::KeywordSeparator) {
        keyword_only = true;
        return true;
      }
      if (k == Kind::PositionalSeparator || k == Kind::Comment) return true;
      TSNode n = k == Kind::Identifier ? c : child_by_field(c, Field::Name);
      if (k == Kind::TypedParameter) n = named_child(c, 0);
      if (ts_node_eq(n, p.node)) {
        found = true;
        position = keyword_only ? -1 : index;
        if (k == Kind::DefaultParameter || k == Kind::TypedDefaultParameter) fallback = child_by_field(c, Field::Value);
        return false;
      }
      ++index;
      return true;
    });
    if (!found) return std::nullopt;  // `*args`, `**kwargs`
    // Every read of the function's name calls it, with an argument for the parameter (or its
    // default) that is bounded where it is written.
    std::optional<int64_t> best;
    for (uint32_t r : reads_of_name(name, outer)) {
      const Reference& ref = references_[r];
      if (!is(ref.parent, Kind::Call) || !ts_node_eq(child_by_field(ref.parent, Field::Function), ref.node))
        return std::nullopt;
      TSNode args = child_by_field(ref.parent, Field::Arguments);
      if (!is(args, Kind::ArgumentList) || argument_shape(args).unpacking) return std::nullopt;
      TSNode given = argument(args, position, p.name, text_);
      uint32_t where = ref.scope;
      if (ts_node_is_null(given)) given = fallback, where = outer;
      auto v = int_upper_bound(given, where, depth + 1);
      if (!v) return std::nullopt;
      best = std::max(best.value_or(*v), *v);
    }
    return best;  // none when the function is never called
  }();
  parameter_bounds_[id] = bound;
  return bound;
}

std::optional<int64_t> SemanticModel::int_upper_bound(TSNode expr, uint32_t scope_id, int depth) const {
  if (depth > kMaxConstDepth || ts_node_is_null(expr)) return std::nullopt;
  if (auto v = constant_int(expr, scope_id, depth + 1)) return v;
  TSNode n = strip_parens(expr);
  if (is(n, Kind::BinaryOperator)) {
    std::string_view op = node_text(child_by_field(n, Field::Operator), text_);
    if (op == "-" || op == "//") {
      // `i - 1` and `i * (i - 1) // 2`: a bound less a constant, or divided by a positive one;
      // `n - k` with k never negative (`for k in range(3)`): at most n.
      auto l = int_upper_bound(child_by_field(n, Field::Left), scope_id, depth + 1);
      if (l && *l >= 0 && op == "-" && !constant_int(child_by_field(n, Field::Right), scope_id, depth + 1) &&
          non_negative(child_by_field(n, Field::Right), scope_id, depth + 1))
        return l;
      auto r = l ? constant_int(child_by_field(n, Field::Right), scope_id, depth + 1) : std::nullopt;
      if (!l || !r || *l < 0 || (op == "-" ? *r < 0 : *r <= 0)) return std::nullopt;
      return op == "-" ? std::max<int64_t>(*l - *r, 0) : *l / *r;
    }
    if (op != "+" && op != "*") return std::nullopt;
    auto l = int_upper_bound(child_by_field(n, Field::Left), scope_id, depth + 1);
    auto r = l ? int_upper_bound(child_by_field(n, Field::Right), scope_id, depth + 1) : std::nullopt;
    if (!l || !r || *l < 0 || *r < 0) return std::nullopt;
    int64_t out = 0;
    if (op == "+" ? __builtin_add_overflow(*l, *r, &out) : __builtin_mul_overflow(*l, *r, &out)) return std::nullopt;
    return out;
  }
  if (is(n, Kind::Call)) {
    const std::string& q = qualified_name(child_by_field(n, Field::Function), scope_id);
    if (q == "builtins.len") {
      auto arguments = positional_arguments(child_by_field(n, Field::Arguments));
      TSNode of = arguments && arguments->size() == 1 ? strip_parens(arguments->front()) : TSNode{};
      // `len(x.shape)`: the number of dimensions again
      if (is(of, Kind::Attribute) && node_text(child_by_field(of, Field::AttributeField), text_) == "shape") return 64;
      if (auto elements = positive_element_bound(of, scope_id)) return elements;  // `len(np.arange(n))`
      // a date range between two dates written out, or with `periods=` bounded (a loop
      // variable), or a name bound to one
      uint32_t range_scope = scope_id;
      if (const Binding* b = is(of, Kind::Identifier) ? assigned_value(of, scope_id) : nullptr) {
        of = strip_parens(b->value);
        range_scope = b->scope;
      }
      if (auto bound = date_range_bound(of, range_scope)) return bound;
      if (!is(of, Kind::Call) || pandas_range(qualified_name(child_by_field(of, Field::Function), range_scope)).empty())
        return std::nullopt;
      TSNode args = child_by_field(of, Field::Arguments);
      TSNode periods = argument(args, -1, "periods", text_);
      if (ts_node_is_null(periods) || argument_shape(args).unpacking) return std::nullopt;
      return int_upper_bound(periods, range_scope, depth + 1);
    }
    // One random integer: numpy's randint(high) / randint(low, high) below high, the standard
    // library's randint(a, b) at most b and randrange(stop) / randrange(start, stop) below stop.
    bool numpy_randint = q == "numpy.random.randint", inclusive = q == "random.randint";
    if (numpy_randint || inclusive || q == "random.randrange") {
      TSNode args = child_by_field(n, Field::Arguments);
      auto positional = positional_arguments(args);
      if (!positional || positional->empty() || positional->size() > 2 ||
          named_child_count(args) != positional->size())  // size=, dtype=, step: not one int
        return std::nullopt;
      if (inclusive && positional->size() != 2) return std::nullopt;
      auto high = int_upper_bound(positional->back(), scope_id, depth + 1);
      if (!high) return std::nullopt;
      return inclusive ? *high : *high - 1;
    }
    // max(i, j) and min(i, j): no larger than the largest bound of their arguments
    if (q != "builtins.max" && q != "builtins.min") return std::nullopt;
    auto positional = positional_arguments(child_by_field(n, Field::Arguments));
    if (!positional || positional->size() < 2) return std::nullopt;  // one argument is an iterable
    std::optional<int64_t> bound;
    for (TSNode a : *positional) {
      auto v = int_upper_bound(a, scope_id, depth + 1);
      if (!v) return std::nullopt;
      bound = std::max(bound.value_or(*v), *v);
    }
    return bound;
  }
  // The number of dimensions of an array (`x.ndim`, `len(x.shape)`): numpy allows at most 64.
  if (is(n, Kind::Attribute) && node_text(child_by_field(n, Field::AttributeField), text_) == "ndim") return 64;
  // `x.size` of an array with at most so many elements, and any of its extents (`x.shape[0]`)
  // unless an extent is 0 (the others are then unbounded).
  if (is(n, Kind::Attribute) && node_text(child_by_field(n, Field::AttributeField), text_) == "size") {
    auto elements = element_bound(child_by_field(n, Field::Object), scope_id);
    if (elements && *elements <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(*elements);
    return std::nullopt;
  }
  if (is(n, Kind::Subscript)) {
    TSNode of = strip_parens(child_by_field(n, Field::Value));
    if (is(of, Kind::Attribute) && node_text(child_by_field(of, Field::AttributeField), text_) == "shape")
      return positive_element_bound(child_by_field(of, Field::Object), scope_id);
    return std::nullopt;
  }
  if (!is(n, Kind::Identifier)) return std::nullopt;
  const Binding* b = resolve(node_text(n, text_), scope_id, ts_node_start_byte(n));
  if (b && b->kind == BindingKind::Assignment && !ts_node_is_null(b->value) && has_one_value(*b, n, scope_id))
    return int_upper_bound(b->value, b->scope, depth + 1);  // `offset = (k - 1) // 2`
  if (b && b->kind == BindingKind::Parameter)  // `def _square(n): ...` called with 3 and 20
    return parameter_bound(static_cast<uint32_t>(b - bindings_.data()), depth + 1);
  auto target = b ? loop_target(*b, n) : std::nullopt;
  if (!target) return std::nullopt;
  const std::optional<int64_t>& position = target->position;
  TSNode iterable = strip_parens(child_by_field(target->loop, Field::Right));
  {
    // A dict written out: `for n in d`, `d.keys()`, `d.values()`, `for n, v in d.items()`.
    TSNode source = iterable;
    std::string_view method;
    if (is(iterable, Kind::Call)) {
      TSNode fn = child_by_field(iterable, Field::Function);
      if (is(fn, Kind::Attribute) && named_child_count(child_by_field(iterable, Field::Arguments)) == 0) {
        method = node_text(child_by_field(fn, Field::AttributeField), text_);
        source = child_by_field(fn, Field::Object);
      }
    }
    bool iterates_dict = method.empty() || method == "items" || method == "keys" || method == "values";
    TSNode dict = iterates_dict ? literal_sequence(source, b->scope) : TSNode{};
    if (is(dict, Kind::Dictionary)) {
      if (method == "items" ? !position || target->targets != 2 : position.has_value()) return std::nullopt;
      Field part = method == "values" || (method == "items" && *position == 1) ? Field::Value : Field::Key;
      std::optional<int64_t> best;
      bool known = true;
      for_each_named_child(dict, [&](TSNode pair) {
        if (is(pair, Kind::Comment)) return true;
        auto v = is(pair, Kind::Pair) ? constant_int(child_by_field(pair, part), b->scope, depth + 1) : std::nullopt;
        if (!v) return known = false;  // `**other` or an unknown item
        best = best ? std::max(*best, *v) : *v;
        return true;
      });
      return known ? best : std::nullopt;
    }
  }
  if (position && target->targets == 2 && is(iterable, Kind::Call) &&
      qualified_name(child_by_field(iterable, Field::Function), b->scope) == "builtins.enumerate" && *position == 0) {
    // `for i, x in enumerate(a)`: a count below len(a)
    auto args = positional_arguments(child_by_field(iterable, Field::Arguments));
    TSNode literal = args && args->size() == 1 ? literal_sequence((*args)[0], b->scope) : TSNode{};
    auto items = is(literal, Kind::List) || is_tuple_display(literal) ? literal_items(literal) : std::nullopt;
    return items && *items > 0 ? std::optional<int64_t>(*items - 1) : std::nullopt;
  }
  if (!position) {
    if (auto bound = range_upper_bound(iterable, b->scope, depth + 1)) return bound;
  } else if (is(iterable, Kind::Call) && qualified_name(child_by_field(iterable, Field::Function), b->scope) ==
                                             "builtins.zip") {
    // `for i, j in zip(range(2, 4), range(3, 5))`: the target's own range
    auto args = positional_arguments(child_by_field(iterable, Field::Arguments));
    if (args && static_cast<int64_t>(args->size()) == target->targets)
      if (auto bound = range_upper_bound(strip_parens((*args)[*position]), b->scope, depth + 1)) return bound;
  }
  // A written-out list or tuple, zip() or product() of them: at most the largest item.
  std::vector<TSNode> items = loop_items(*b, *target);
  if (items.empty()) return std::nullopt;
  std::optional<int64_t> best;
  for (TSNode item : items) {
    auto v = constant_int(item, b->scope, depth + 1);
    if (!v) return std::nullopt;
    best = std::max(best.value_or(*v), *v);
  }
  return best;
}

}  // namespace pml
