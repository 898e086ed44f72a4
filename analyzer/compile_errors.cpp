#include "analyzer/compile_errors.h"

#include <algorithm>

#include "analyzer/semantic.h"

namespace pml {

namespace {

std::string_view comprehension_name(Kind k) {
  switch (k) {
    case Kind::ListComprehension: return "list comprehension";
    case Kind::SetComprehension: return "set comprehension";
    case Kind::DictionaryComprehension: return "dict comprehension";
    default: return "generator expression";
  }
}

// The features `from __future__ import` accepts (CPython 3.11's __future__ module).
bool known_future_feature(std::string_view name) {
  static constexpr std::string_view kFeatures[] = {"nested_scopes",    "generators",     "division",
                                                   "absolute_import",  "with_statement", "print_function",
                                                   "unicode_literals", "barry_as_FLUFL", "generator_stop",
                                                   "annotations"};
  return std::find(std::begin(kFeatures), std::end(kFeatures), name) != std::end(kFeatures);
}

std::string fmt_name(std::string_view before, std::string_view name, std::string_view after) {
  std::string s;
  s.reserve(before.size() + name.size() + after.size());
  s.append(before).append(name).append(after);
  return s;
}

// The innermost construct around a target, from its parent at `i` up: target lists, starred
// items and parentheses are climbed through (`a, (*b, c) = v`).
size_t target_context(std::span<const Kind> kinds, size_t i) {
  while (i > 0 && (kinds[i] == Kind::PatternList || kinds[i] == Kind::TuplePattern || kinds[i] == Kind::ListPattern ||
                   kinds[i] == Kind::ListSplatPattern || kinds[i] == Kind::DictionarySplatPattern ||
                   kinds[i] == Kind::Tuple || kinds[i] == Kind::List || kinds[i] == Kind::ExpressionList ||
                   kinds[i] == Kind::ParenthesizedExpression))
    --i;
  return i;
}

// Whether the read `ref` is the target of a statement of kind `k`: `x += 1`, or `x: int` (an
// annotation without a value, which binds nothing and so is a reference).
bool is_target(const Reference& ref, Kind k) {
  return is(ref.parent, k) && ref.field == Grammar::get().field(Field::Left);
}

// The identifier a keyword argument starts with (`name=value`).
std::string_view leading_name(std::string_view text, uint32_t start) {
  size_t end = start;
  while (end < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[end]);
    if (!(c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    ++end;
  }
  return text.substr(start, end - start);
}

}  // namespace

bool CompileChecker::names_debug(std::string_view text) {
  return text.find("__debug__") != std::string_view::npos;
}

void CompileChecker::fail(Stage stage, TSNode node, std::string message) {
  std::optional<SyntaxErrorInfo>& first = first_[stage];
  uint32_t start = ts_node_start_byte(node);
  if (first && first->start <= start) return;
  first = SyntaxErrorInfo{start, ts_node_end_byte(node), "SyntaxError: " + std::move(message)};
}

std::optional<SyntaxErrorInfo> CompileChecker::error() const {
  for (const auto& e : first_)
    if (e) return e;
  return std::nullopt;
}

bool CompileChecker::is_async(TSNode node) const {
  uint32_t s = ts_node_start_byte(node);
  return text_.compare(s, 5, "async") == 0 && s + 5 < text_.size() &&
         (text_[s + 5] == ' ' || text_[s + 5] == '\t' || text_[s + 5] == '\\' || text_[s + 5] == '\f');
}

CompileChecker::Owner CompileChecker::owner(std::span<const TSNode> path, std::span<const Kind> kinds,
                                            size_t at) const {
  // The node at path[at]; each scope-opening ancestor is asked whether the path enters its body.
  auto above = std::lower_bound(scopes_.begin(), scopes_.end(), at,
                                [](const OpenScope& s, size_t depth) { return s.depth < depth; });
  for (size_t j = static_cast<size_t>(above - scopes_.begin()); j-- > 0;) {
    size_t i = scopes_[j].depth;
    Kind k = kinds[i], child = kinds[i + 1];
    switch (k) {
      case Kind::FunctionDefinition: case Kind::ClassDefinition:
        if (child == Kind::Block) return {k, path[i], i};  // not its parameters, return type or bases
        break;
      case Kind::Lambda:
        if (child != Kind::LambdaParameters) return {k, path[i], i};
        break;
      case Kind::ListComprehension: case Kind::SetComprehension: case Kind::DictionaryComprehension:
      case Kind::GeneratorExpression: {
        // The first iterable runs in the scope around: the model knows where it lies.
        const Scope& comprehension = model_.scope(scopes_[j].id);
        uint32_t start = ts_node_start_byte(path[at]);
        if (start >= comprehension.outer_start && start < comprehension.outer_end) break;
        return {k, path[i], i};
      }
      case Kind::Module: return {k, path[i], i};
      default: break;
    }
  }
  return {Kind::Module, path.empty() ? TSNode{} : path[0], 0};
}

void CompileChecker::module_statement(TSNode node, Kind kind) {
  if (kind == Kind::Comment || kind == Kind::LineContinuation) return;
  bool docstring = false;
  if (kind == Kind::FutureImportStatement) {  // checked in construct(); it keeps the door open
    seen_statement_ = true;
    return;
  }
  if (!seen_statement_ && kind == Kind::ExpressionStatement && named_child_count(node) == 1) {
    TSNode e = named_child(node, 0);
    std::string_view prefix = is(e, Kind::String) ? string_prefix(e, text_) : std::string_view{};
    docstring = is(e, Kind::ConcatenatedString) ||
                (is(e, Kind::String) && prefix.find_first_of("bBfF") == std::string_view::npos);
  }
  seen_statement_ = true;
  if (!docstring) future_allowed_ = false;
}

void CompileChecker::construct(TSNode node, Kind kind, uint32_t depth, uint32_t scope, std::span<const TSNode> path,
                               std::span<const Kind> kinds) {
  path = path.first(depth + 1);
  kinds = kinds.first(depth + 1);
  Kind parent = depth >= 1 ? kinds[depth - 1] : Kind::Other;
  switch (kind) {
    case Kind::ReturnStatement: {
      Owner o = owner(path, kinds, depth);
      if (o.kind != Kind::FunctionDefinition) {
        fail(Compiler, node, "'return' outside function");
      } else if (named_child_count(node) > 0 && is_async(o.node)) {
        TSNode value = named_child(node, 0);
        if (!is(value, Kind::Comment)) async_returns_.push_back({node, o.node});
      }
      break;
    }
    case Kind::Yield: {
      Owner o = owner(path, kinds, depth);
      if (is_comprehension(o.kind))
        fail(Symbols, node, "'yield' inside " + std::string(comprehension_name(o.kind)));
      else if (o.kind == Kind::ClassDefinition || o.kind == Kind::Module)
        fail(Compiler, node, "'yield' outside function");
      else if (o.kind == Kind::FunctionDefinition && is_async(o.node))
        async_yielders_.push_back(o.node);
      break;
    }
    case Kind::Await: {
      Owner o = owner(path, kinds, depth);
      if (o.kind == Kind::ClassDefinition || (o.kind == Kind::Module && !top_level_await_))
        fail(Compiler, node, "'await' outside function");
      else if (o.kind == Kind::Lambda || (o.kind == Kind::FunctionDefinition && !is_async(o.node)))
        fail(Compiler, node, "'await' outside async function");
      else if (is_comprehension(o.kind))
        asynchronous_comprehension(o.node, path, kinds, o.at);
      break;
    }
    case Kind::BreakStatement: case Kind::ContinueStatement: {
      // A statement: only a loop's body (not its `else`), a function or a class can hold it.
      bool in_loop = false;
      for (size_t i = depth; i-- > 0 && !in_loop;) {
        Kind k = kinds[i];
        if ((k == Kind::ForStatement || k == Kind::WhileStatement) && kinds[i + 1] == Kind::Block) in_loop = true;
        else if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition) break;
      }
      if (!in_loop)
        fail(Compiler, node, kind == Kind::BreakStatement ? "'break' outside loop" : "'continue' not properly in loop");
      break;
    }
    case Kind::ForStatement: case Kind::WithStatement:
      if (is_async(node)) {
        Owner o = owner(path, kinds, depth);
        bool allowed = o.kind == Kind::FunctionDefinition ? is_async(o.node) : o.kind == Kind::Module && top_level_await_;
        if (!allowed)
          fail(Compiler, node, kind == Kind::ForStatement ? "'async for' outside async function"
                                                          : "'async with' outside async function");
      }
      break;
    case Kind::ForInClause:
      if (is_async(node) && depth >= 1 && is_comprehension(parent))
        asynchronous_comprehension(path[depth - 1], path, kinds, depth - 1);
      break;
    case Kind::KeywordArgument:
      if (parent == Kind::ArgumentList) {
        if (keywords_.size() < depth) keywords_.resize(depth);
        KeywordNames& seen = keywords_[depth - 1];
        if (!ts_node_eq(seen.list, path[depth - 1])) {
          seen.list = path[depth - 1];
          seen.names.clear();
        }
        std::string_view name = leading_name(text_, ts_node_start_byte(node));
        if (std::find(seen.names.begin(), seen.names.end(), name) != seen.names.end())
          fail(Compiler, node, "keyword argument repeated: " + std::string(name));
        else if (seen.names.size() < 256)  // past that, a repeat goes unseen rather than cost quadratic time
          seen.names.push_back(name);
      }
      break;
    case Kind::WildcardImport: {
      Owner o = owner(path, kinds, depth);
      if (o.kind != Kind::Module) fail(Symbols, node, "import * only allowed at module level");
      break;
    }
    case Kind::FutureImportStatement:
      future_import(node, depth);
      break;
    case Kind::GlobalStatement: case Kind::NonlocalStatement:
      declarations_.push_back({node, scope, kind == Kind::GlobalStatement});
      break;
    case Kind::ListSplatPattern:
      // `*a = b`, `for *a in b`: a starred target must be an item of a tuple or a list.
      if (parent == Kind::Assignment || parent == Kind::ForStatement || parent == Kind::ForInClause ||
          parent == Kind::AsPatternTarget)
        fail(Compiler, node, "starred assignment target must be in a list or tuple");
      else if (parent == Kind::PatternList || parent == Kind::TuplePattern || parent == Kind::ListPattern ||
               (parent == Kind::Tuple && depth >= 2 && kinds[depth - 2] == Kind::AsPatternTarget))
        starred_target(path[depth - 1], depth - 1);
      break;
    case Kind::ListSplat:
      if (parent == Kind::Tuple && depth >= 2 && kinds[depth - 2] == Kind::AsPatternTarget)
        starred_target(path[depth - 1], depth - 1);  // `with a as (*b, *c)`
      else if (parent == Kind::Assignment || parent == Kind::AugmentedAssignment || parent == Kind::ReturnStatement)
        fail(Compiler, node, "can't use starred expression here");  // `x = *a`, `return *a`
      break;
    case Kind::MatchStatement:
      match_statement(node);
      break;
    case Kind::NamedExpression:
      named_expression(node, depth, path, kinds);
      break;
    default: break;
  }
}

void CompileChecker::block(TSNode node, uint32_t depth, std::span<const TSNode> path, Kind owner_kind) {
  constexpr uint32_t kMaxBlocks = 20;  // CPython's CO_MAXBLOCKS
  TSNode owner = path[depth - 1];
  // Only the blocks around this one count: not a `try` body beside its handler.
  while (!blocks_.empty() &&
         (blocks_.back().depth >= depth || !ts_node_eq(path[blocks_.back().depth], blocks_.back().node)))
    blocks_.pop_back();
  uint32_t open = blocks_.empty() ? 0 : blocks_.back().frame_blocks;
  uint32_t added = 0;
  switch (owner_kind) {
    case Kind::FunctionDefinition: case Kind::ClassDefinition: open = 0; break;  // a code object of its own
    case Kind::ForStatement: case Kind::WhileStatement: case Kind::TryStatement: case Kind::FinallyClause:
      added = 1;  // the body (a loop's `else` is an else_clause)
      break;
    case Kind::ExceptClause: case Kind::ExceptGroupClause: added = 2; break;  // the handler and its cleanup
    case Kind::WithStatement:
      // One per item: `with a, b:` is a `with` in a `with`.
      for_each_named_child(owner, [&](TSNode c) {
        if (is(c, Kind::WithClause))
          for_each_named_child(c, [&](TSNode item) {
            added += is(item, Kind::WithItem);
            return true;
          });
        return true;
      });
      break;
    default: break;
  }
  // CPython stops at the statement that opens the 21st: the loop, `with` or `try` (for a handler,
  // its clause).
  if (open <= kMaxBlocks && open + added > kMaxBlocks) fail(Compiler, owner, "too many statically nested blocks");
  blocks_.push_back({node, depth, open + added});
}

void CompileChecker::named_expression(TSNode node, uint32_t depth, std::span<const TSNode> path,
                                      std::span<const Kind> kinds) {
  // In an iterable (any `for`) of the innermost comprehension holding it.
  if (size_t i = scopes_.back().depth; i + 2 <= depth && is_comprehension(kinds[i]) &&
                                       kinds[i + 1] == Kind::ForInClause &&
                                       !ts_node_eq(child_by_field(path[i + 1], Field::Left), path[i + 2])) {
    fail(Symbols, node, "assignment expression cannot be used in a comprehension iterable expression");
    return;
  }
  // In a comprehension's body: the target is bound in the first scope around that is not one. It
  // may not be an iteration variable of the comprehensions on the way, nor bind in a class.
  Owner o = owner(path, kinds, depth);
  if (!is_comprehension(o.kind)) return;
  std::string_view target = node_text(child_by_field(node, Field::Name), text_);
  while (is_comprehension(o.kind)) {
    bool rebinds = false;
    for_each_named_child(o.node, [&](TSNode clause) {
      if (!is(clause, Kind::ForInClause)) return true;
      // Every name in the clause's target: an identifier, or one inside a pattern.
      std::vector<TSNode> stack{child_by_field(clause, Field::Left)};
      while (!stack.empty() && !rebinds) {
        TSNode t = stack.back();
        stack.pop_back();
        if (is(t, Kind::Identifier)) rebinds = node_text(t, text_) == target;
        else if (!is(t, Kind::Attribute) && !is(t, Kind::Subscript))
          for_each_named_child(t, [&](TSNode c) { return stack.push_back(c), true; });
      }
      return !rebinds;
    });
    if (rebinds) {
      fail(Symbols, node, fmt_name("assignment expression cannot rebind comprehension iteration variable '", target, "'"));
      return;
    }
    o = owner(path, kinds, o.at);
  }
  if (o.kind == Kind::ClassDefinition)
    fail(Symbols, node, "assignment expression within a comprehension cannot be used in a class body");
}

void CompileChecker::starred_target(TSNode list, uint32_t depth) {
  if (starred_.size() <= depth) starred_.resize(depth + 1);
  if (ts_node_eq(starred_[depth], list)) fail(Compiler, list, "multiple starred expressions in assignment");
  starred_[depth] = list;
}

void CompileChecker::asynchronous_comprehension(TSNode comprehension, std::span<const TSNode> path,
                                                std::span<const Kind> kinds, size_t at) {
  // An asynchronous generator expression may be anywhere; another comprehension only in an async
  // function or in another comprehension.
  if (is(comprehension, Kind::GeneratorExpression)) return;
  Owner o = owner(path, kinds, at);
  if (o.kind == Kind::FunctionDefinition && is_async(o.node)) return;
  if (o.kind == Kind::Module && top_level_await_) return;
  if (is_comprehension(o.kind)) {
    asynchronous_comprehension(o.node, path, kinds, o.at);  // which is asynchronous too
    return;
  }
  fail(Compiler, comprehension, "asynchronous comprehension outside of an asynchronous function");
}

void CompileChecker::future_import(TSNode node, uint32_t depth) {
  if (depth != 1 || !future_allowed_) {
    fail(Compiler, node, "from __future__ imports must occur at the beginning of the file");
    return;
  }
  // `from __future__ import a, b as c`: each name after the module's
  for_each_named_child(node, [&](TSNode c) {
    TSNode name = is(c, Kind::AliasedImport) ? child_by_field(c, Field::Name) : c;
    if (!is(name, Kind::DottedName)) return true;
    std::string_view feature = node_text(name, text_);
    if (feature == "braces") fail(Future, node, "not a chance");
    else if (!known_future_feature(feature)) fail(Future, node, "future feature " + std::string(feature) + " is not defined");
    return true;
  });
}

// What compiling one `case` pattern records (CPython's pattern_context): the names it captures so
// far, and whether a pattern that matches everything is allowed where the walk is.
struct CompileChecker::PatternContext {
  std::vector<std::string_view> stores;
  bool allow_irrefutable = false;
};

namespace {

std::string_view pattern_type(TSNode n) { return ts_node_type(n); }

// The named children of a pattern, without comments.
std::vector<TSNode> pattern_parts(TSNode n) {
  std::vector<TSNode> parts;
  for_each_named_child(n, [&](TSNode c) {
    if (!is(c, Kind::Comment)) parts.push_back(c);
    return true;
  });
  return parts;
}

}  // namespace

// CPython's compiler_pattern: captures bind once, alternatives bind the same names, and a pattern
// that matches everything (a capture, `_`) must be last where it is not a sub-pattern. False once
// an error is recorded.
bool CompileChecker::pattern(TSNode n, PatternContext& pc) {
  // Errors are where CPython is when it finds them: at the pattern it compiled last.
  auto store = [&](std::string_view name) {
    if (name == "_") return true;
    if (std::find(pc.stores.begin(), pc.stores.end(), name) != pc.stores.end()) {
      fail(Compiler, last_pattern_, fmt_name("multiple assignments to name '", name, "' in pattern"));
      return false;
    }
    pc.stores.push_back(name);
    return true;
  };
  auto irrefutable = [&](std::string_view name) {
    if (pc.allow_irrefutable) return store(name);
    fail(Compiler, last_pattern_,
         name == "_" ? std::string("wildcard makes remaining patterns unreachable")
                     : fmt_name("name capture '", name, "' makes remaining patterns unreachable"));
    return false;
  };
  auto sub = [&](TSNode p) {  // a sub-pattern of a sequence, a mapping or a class pattern
    bool allow = pc.allow_irrefutable;
    pc.allow_irrefutable = true;
    bool ok = pattern(p, pc);
    pc.allow_irrefutable = allow;
    return ok;
  };
  std::string_view type = pattern_type(n);
  std::vector<TSNode> parts = pattern_parts(n);
  if (type != "case_pattern" || parts.empty()) last_pattern_ = n;  // (a case_pattern only wraps one)
  if (type == "case_pattern") {
    if (parts.empty()) return irrefutable("_");  // `case _:`
    if (parts.size() == 1) return pattern(parts[0], pc);
    for (TSNode p : parts)  // `case a, b:`: a sequence
      if (!sub(p)) return false;
    return true;
  }
  if (type == "dotted_name") {  // a capture when it is one name; a value (`Color.RED`) otherwise
    return parts.size() == 1 ? irrefutable(node_text(n, text_)) : true;
  }
  if (type == "as_pattern") {  // `p as name`
    if (parts.size() != 2) return true;
    return pattern(parts[0], pc) && store(node_text(parts[1], text_));
  }
  if (type == "union_pattern") {  // `p | q`: each alternative binds the same names
    // The alternatives: its named children, and `_`, which the grammar leaves anonymous there.
    std::vector<TSNode> alternatives;
    for (uint32_t i = 0, count = ts_node_child_count(n); i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      if (ts_node_is_named(c) ? !is(c, Kind::Comment) : pattern_type(c) == "_") alternatives.push_back(c);
    }
    parts = std::move(alternatives);
    const bool allow = pc.allow_irrefutable;
    std::vector<std::string_view> control;
    for (size_t i = 0; i < parts.size(); ++i) {
      PatternContext alternative{{}, i + 1 == parts.size() && allow};
      bool ok = true;
      if (!ts_node_is_named(parts[i])) {  // `_`
        last_pattern_ = parts[i];
        if (!alternative.allow_irrefutable) {
          fail(Compiler, parts[i], "wildcard makes remaining patterns unreachable");
          ok = false;
        }
      } else {
        ok = pattern(parts[i], alternative);
      }
      if (!ok) return false;
      if (i == 0) {
        control = alternative.stores;
        continue;
      }
      bool same = alternative.stores.size() == control.size();
      for (std::string_view name : alternative.stores)
        same = same && std::find(control.begin(), control.end(), name) != control.end();
      if (!same) {
        fail(Compiler, last_pattern_, "alternative patterns bind different names");
        return false;
      }
    }
    for (std::string_view name : control)
      if (!store(name)) return false;
    return true;
  }
  if (type == "tuple_pattern" && parts.size() == 1 && node_text(n, text_).find(',') == std::string_view::npos)
    return pattern(parts[0], pc);  // `(p)` groups p; `(p,)` is a sequence
  if (type == "tuple_pattern" || type == "list_pattern") {
    if (std::count_if(parts.begin(), parts.end(), [](TSNode p) {
          std::vector<TSNode> inner = pattern_parts(p);
          return inner.size() == 1 && pattern_type(inner[0]) == "splat_pattern";
        }) > 1) {
      fail(Compiler, n, "multiple starred names in sequence pattern");
      return false;
    }
    for (TSNode p : parts)
      if (!sub(p)) return false;
    return true;
  }
  if (type == "splat_pattern") {  // `*rest`, `**rest`
    return parts.size() != 1 || store(node_text(parts[0], text_));
  }
  if (type == "dict_pattern") {
    for (TSNode p : parts) {
      if (pattern_type(p) == "case_pattern" && !sub(p)) return false;
      // `**rest` is no pattern of its own to CPython: it is stored where the last value left off.
      std::vector<TSNode> rest = pattern_type(p) == "splat_pattern" ? pattern_parts(p) : std::vector<TSNode>{};
      if (rest.size() == 1 && !store(node_text(rest[0], text_))) return false;
    }
    return true;
  }
  if (type == "class_pattern") {  // `Point(p, y=q)`: the class, then its arguments
    for (size_t i = 1; i < parts.size(); ++i)
      if (!sub(parts[i])) return false;
    return true;
  }
  if (type == "keyword_pattern") {  // `y=q`
    return parts.size() != 2 || pattern(parts[1], pc);
  }
  return true;  // a literal or a value: refutable, and binds nothing
}

void CompileChecker::match_statement(TSNode node) {
  std::vector<TSNode> cases;
  for_each_named_child(child_by_field(node, Field::Body), [&](TSNode c) {
    if (is(c, Kind::CaseClause)) cases.push_back(c);
    return true;
  });
  // A last `case _:` after others is compiled apart, with nothing to check.
  auto bare_wildcard = [&](TSNode clause) {
    std::vector<TSNode> patterns;
    for (TSNode c : pattern_parts(clause))
      if (is(c, Kind::CasePattern)) patterns.push_back(c);
    return patterns.size() == 1 && pattern_parts(patterns[0]).empty() &&
           ts_node_is_null(child_by_field(clause, Field::Guard));
  };
  size_t checked = cases.size() > 1 && bare_wildcard(cases.back()) ? cases.size() - 1 : cases.size();
  for (size_t i = 0; i < checked; ++i) {
    TSNode clause = cases[i];
    // A pattern that matches everything may be last, or guarded.
    PatternContext pc{{}, !ts_node_is_null(child_by_field(clause, Field::Guard)) || i + 1 == cases.size()};
    std::vector<TSNode> patterns;
    for (TSNode c : pattern_parts(clause))
      if (is(c, Kind::CasePattern)) patterns.push_back(c);
    if (patterns.size() == 1) {
      if (!pattern(patterns[0], pc)) return;
    } else {  // `case a, b:` is a sequence of sub-patterns
      pc.allow_irrefutable = true;
      for (TSNode p : patterns)
        if (!pattern(p, pc)) return;
    }
  }
}

void CompileChecker::identifier(TSNode node, uint32_t depth, std::span<const TSNode> path,
                                std::span<const Kind> kinds) {
  // `__debug__` is a constant: nothing may bind it or delete it.
  if (depth < 1) return;
  path = path.first(depth + 1);
  kinds = kinds.first(depth + 1);
  size_t i = target_context(kinds, depth - 1);
  TSNode holder = path[i], child = path[i + 1];
  auto definition = [&]() -> TSNode {  // the def or lambda whose parameter this is
    for (size_t j = i + 1; j-- > 0;)
      if (kinds[j] == Kind::FunctionDefinition || kinds[j] == Kind::Lambda) return path[j];
    return TSNode{};
  };
  const char* assign = "cannot assign to __debug__";
  switch (kinds[i]) {
    case Kind::Assignment: case Kind::AugmentedAssignment: case Kind::ForStatement: case Kind::ForInClause:
      if (ts_node_eq(child_by_field(holder, Field::Left), child)) fail(Compiler, node, assign);
      break;
    case Kind::DeleteStatement:
      fail(Compiler, node, "cannot delete __debug__");
      break;
    case Kind::Parameters: case Kind::LambdaParameters: case Kind::DefaultParameter: case Kind::TypedParameter:
    case Kind::TypedDefaultParameter: {
      if ((kinds[i] == Kind::DefaultParameter || kinds[i] == Kind::TypedDefaultParameter) &&
          !ts_node_eq(child_by_field(holder, Field::Name), child))
        break;  // a default value reads it
      if (kinds[i] == Kind::TypedParameter && !ts_node_eq(named_child(holder, 0), child)) break;
      TSNode def = definition();
      if (!ts_node_is_null(def)) fail(Compiler, def, assign);
      break;
    }
    case Kind::FunctionDefinition: case Kind::ClassDefinition:
      if (ts_node_eq(child_by_field(holder, Field::Name), child)) fail(Compiler, holder, assign);
      break;
    case Kind::KeywordArgument:
      if (ts_node_eq(child_by_field(holder, Field::Name), child) && i >= 2 && kinds[i - 1] == Kind::ArgumentList)
        fail(Compiler, path[i - 2], assign);  // where the call (or the class) starts
      break;
    case Kind::AliasedImport:
      if (ts_node_eq(child_by_field(holder, Field::Alias), child) && i >= 1) fail(Compiler, path[i - 1], assign);
      break;
    case Kind::DottedName:
      // `import __debug__`, `from m import __debug__`: the name bound is the dotted name's first.
      if (i >= 1 && ts_node_eq(named_child(holder, 0), child) &&
          ((kinds[i - 1] == Kind::ImportStatement) ||
           (kinds[i - 1] == Kind::ImportFromStatement &&
            !ts_node_eq(child_by_field(path[i - 1], Field::ModuleName), holder))))
        fail(Compiler, path[i - 1], assign);
      else if (i >= 1 && kinds[i - 1] == Kind::CasePattern && named_child_count(holder) == 1)
        fail(Compiler, path[i - 1], assign);  // `case __debug__:` captures
      break;
    case Kind::AsPatternTarget:
      if (i >= 2 && kinds[i - 2] == Kind::ExceptClause) fail(Compiler, path[i - 2], assign);
      else fail(Compiler, node, assign);
      break;
    case Kind::NamedExpression:
      if (ts_node_eq(child_by_field(holder, Field::Name), child)) fail(Compiler, node, assign);
      break;
    default: break;
  }
}

void CompileChecker::attribute(TSNode node, uint32_t depth, std::span<const TSNode> path,
                               std::span<const Kind> kinds) {
  // `x.__debug__ = v` (deleting it is allowed)
  std::string_view t = node_text(node, text_);
  if (t.size() < 9 || t.substr(t.size() - 9) != "__debug__" || depth < 1) return;
  if (node_text(child_by_field(node, Field::AttributeField), text_) != "__debug__") return;  // `x.my__debug__`
  size_t i = target_context(kinds, depth - 1);
  Kind k = kinds[i];
  if ((k == Kind::Assignment || k == Kind::AugmentedAssignment || k == Kind::ForStatement || k == Kind::ForInClause) &&
      ts_node_eq(child_by_field(path[i], Field::Left), path[i + 1]))
    fail(Compiler, node, "cannot assign to __debug__");
}

void CompileChecker::finish() {
  // A parameter named twice: the scope's second binding of the name, both parameters.
  for (const Scope& scope : model_.scopes()) {
    if (scope.kind != ScopeKind::Function && scope.kind != ScopeKind::Lambda) continue;
    for (const auto& [name, ids] : scope.names)
      if (ids.size() >= 2 && model_.bindings()[ids[0]].kind == BindingKind::Parameter &&
          model_.bindings()[ids[1]].kind == BindingKind::Parameter)
        fail(Symbols, model_.bindings()[ids[1]].node,
             fmt_name("duplicate argument '", name, "' in function definition"));
  }
  for (const ReturnValue& r : async_returns_)
    if (std::any_of(async_yielders_.begin(), async_yielders_.end(), [&](TSNode f) { return ts_node_eq(f, r.function); }))
      fail(Compiler, r.statement, "'return' with value in async generator");
  for (const Declaration& d : declarations_) {
    const Scope& scope = model_.scope(d.scope);
    const char* what = d.global ? "global" : "nonlocal";
    uint32_t at = ts_node_start_byte(d.statement);
    if (!d.global && scope.kind == ScopeKind::Module) {
      fail(SymbolAnalysis, d.statement, "nonlocal declaration not allowed at module level");
      continue;
    }
    for_each_named_child(d.statement, [&](TSNode n) {
      if (!is(n, Kind::Identifier)) return true;
      std::string_view name = node_text(n, text_);
      // What the scope did with the name before the declaration: CPython asks in this order.
      bool parameter = false, annotated = false, assigned = false, used = false;
      for (uint32_t b : model_.bindings_of(name, d.scope)) {
        const Binding& binding = model_.bindings()[b];
        if (binding.kind == BindingKind::Parameter) parameter = true;
        if (ts_node_start_byte(binding.node) >= at) continue;
        if (binding.kind == BindingKind::Import || binding.kind == BindingKind::FromImport) continue;  // DEF_IMPORT
        TSNode p = parent_of(binding.node);
        if (is(p, Kind::Assignment) && !ts_node_is_null(child_by_field(p, Field::Type))) annotated = true;
        else assigned = true;
      }
      auto [first, last] = model_.references_within(ts_node_start_byte(scope.node), at);
      for (uint32_t r = first; r < last && !used; ++r) {
        const Reference& ref = model_.references()[r];
        if (ref.name != name) continue;
        if (ref.scope != d.scope) {
          // A comprehension's first iterable is read in the scope around it.
          const Scope& inner = model_.scope(ref.scope);
          uint32_t s = ts_node_start_byte(ref.node);
          if (inner.kind != ScopeKind::Comprehension || inner.parent != static_cast<int32_t>(d.scope) ||
              s < inner.outer_start || s >= inner.outer_end)
            continue;
        }
        if (model_.use_kind(ref) == UseKind::Deleted || is_target(ref, Kind::AugmentedAssignment))
          assigned = true;  // `del x` and `x += 1` store the name
        else if (is_target(ref, Kind::Assignment))
          annotated = true;  // `x: int`, which binds nothing
        else
          used = true;
      }
      std::string message;
      if (parameter) message = fmt_name("name '", name, "' is parameter and ") + what;
      else if (used) message = fmt_name("name '", name, "' is used prior to ") + what + " declaration";
      else if (annotated) message = fmt_name("annotated name '", name, "' can't be ") + what;
      else if (assigned) message = fmt_name("name '", name, "' is assigned to before ") + what + " declaration";
      if (!message.empty()) {
        fail(Symbols, d.statement, std::move(message));
        return true;
      }
      if (scope.kind == ScopeKind::Module) return true;  // (a no-op there; not worth a scan of the file)
      // An annotation after the declaration, in this scope: the declaration sends its binding to
      // the module, or to the enclosing function that binds the name.
      uint32_t scope_end = ts_node_end_byte(scope.node);
      for (int32_t s = d.global ? 0 : scope.parent; s >= 0; s = d.global ? -1 : model_.scope(s).parent)
        for (uint32_t b : model_.bindings_of(name, static_cast<uint32_t>(s))) {
          TSNode bound = model_.bindings()[b].node, p = parent_of(bound);
          uint32_t start = ts_node_start_byte(bound);
          if (start > at && start < scope_end && is(p, Kind::Assignment) &&
              !ts_node_is_null(child_by_field(p, Field::Type)) && ts_node_eq(child_by_field(p, Field::Left), bound))
            fail(Symbols, p, fmt_name("annotated name '", name, "' can't be ") + what);
        }
      auto [after, end] = model_.references_within(at, scope_end);
      for (uint32_t r = after; r < end; ++r) {
        const Reference& ref = model_.references()[r];  // `x: int` with no value is a read
        if (ref.scope == d.scope && ref.name == name && is_target(ref, Kind::Assignment))
          fail(Symbols, ref.parent, fmt_name("annotated name '", name, "' can't be ") + what);
      }
      if (d.global) {
        if (scope.nonlocals.count(name)) fail(SymbolAnalysis, d.statement, fmt_name("name '", name, "' is nonlocal and global"));
        return true;
      }
      if (scope.globals.count(name)) {
        fail(SymbolAnalysis, d.statement, fmt_name("name '", name, "' is nonlocal and global"));
        return true;
      }
      // An enclosing function must bind it (a class body binds only `__class__` for the functions
      // in it; a `global` declaration ends the search). `del x` and `x: int` bind too.
      bool bound = false;
      for (int32_t s = scope.parent; s >= 0 && !bound; s = model_.scope(s).parent) {
        const Scope& outer = model_.scope(s);
        if (outer.kind == ScopeKind::Class) {
          bound = name == "__class__";
          continue;
        }
        if (outer.kind == ScopeKind::Comprehension) continue;
        if (outer.kind == ScopeKind::Module) break;
        if (outer.globals.count(name)) break;
        if (outer.nonlocals.count(name)) continue;
        auto it = outer.names.find(name);
        if (it != outer.names.end() && !it->second.empty()) {
          bound = true;
          break;
        }
        auto [from, to] = model_.references_within(ts_node_start_byte(outer.node), ts_node_end_byte(outer.node));
        for (uint32_t r = from; r < to && !bound; ++r) {
          const Reference& ref = model_.references()[r];
          if (ref.scope != static_cast<uint32_t>(s) || ref.name != name) continue;
          bound = model_.use_kind(ref) == UseKind::Deleted || is_target(ref, Kind::Assignment);
        }
      }
      if (!bound) fail(SymbolAnalysis, d.statement, fmt_name("no binding for nonlocal '", name, "' found"));
      return true;
    });
  }
}

}  // namespace pml
