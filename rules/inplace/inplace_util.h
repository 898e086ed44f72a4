// Helpers shared by the in-place rules (MEM2xx): where a statement sits in its scope, which
// bindings of a name may hold the value a statement updates, and free names for rewrites.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/flow.h"
#include "analyzer/rule.h"
#include "analyzer/semantic.h"

namespace pml::inplace {

// What encloses a statement inside its own scope (ancestors up to the scope's node).
struct Placement {
  TSNode scope_node{};
  bool in_try = false;      // inside a try statement: an exception midway may be caught and the name read
  bool in_with = false;     // inside a with statement: its context manager may suppress an exception
  TSNode innermost_loop{};  // the innermost for/while whose body holds the statement
};
Placement placement(TSNode stmt, const Context& ctx);

// How a statement sits on its lines.
struct Layout {
  bool starts_line = false;  // only whitespace before it on its first line
  bool ends_line = false;    // only whitespace or a comment after it on its last line
  std::string indent;        // the whitespace before it (when it starts its line)
  uint32_t line_start = 0;   // byte offset of its first line
  uint32_t after_line = 0;   // byte offset just past its last line's terminator (or the text's end)
  bool last_line_terminated = false;  // the last line ends with a line break
};
Layout layout(TSNode node, std::string_view text);

// One more level of indentation after `indent`: a tab when it is made of tabs, else four spaces.
std::string_view indent_unit(std::string_view indent);

// Whether a rewrite may introduce `name` in `scope`: it is not bound, declared global/nonlocal or
// read there or in any nested scope.
bool name_is_free(const SemanticModel& model, std::string_view name, uint32_t scope);
// `base`, `base_`, `_base`, `base2`, ... `base9`: the first that is free, or nullopt.
std::optional<std::string> free_name(const SemanticModel& model, uint32_t scope, std::string_view base);
// Whether a new `for name in ...` loop at `stmt` may reuse `name` though `scope` binds it: every
// binding is the target of a `for` loop of the scope, every read is in the body of one of those
// loops (none from a nested scope, none after a loop ends), and `stmt` is in none of those bodies.
// Rebinding the name there then changes no value anyone reads: a rewrite's loops share one index.
bool loop_index_reusable(const SemanticModel& model, std::string_view name, uint32_t scope, TSNode stmt);

// Whether `name` read at `pos` in `scope` is the builtin of that name (not shadowed).
bool is_builtin_at(const SemanticModel& model, std::string_view name, uint32_t scope, uint32_t pos);

// The references (indices into model.references()) whose identifier lies in [start, end).
std::pair<size_t, size_t> references_in(const SemanticModel& model, uint32_t start, uint32_t end);

// Whether `node` has a comment among its direct children.
bool has_comment_child(TSNode node);
// Whether a comment is a direct child of a node on the path from `inner` (excluded) up to `top`
// (included): a rewrite that keeps `inner`'s text and replaces the rest would lose it.
bool comment_on_path(TSNode inner, TSNode top);

// Whether a walrus binds a name inside [start, end).
bool has_walrus(const SemanticModel& model, uint32_t start, uint32_t end);

// Whether `stmt` is a simple statement: an assignment directly in an expression statement, alone
// (not one of several targets), without an annotation.
bool is_plain_assignment(TSNode assignment);

}  // namespace pml::inplace
