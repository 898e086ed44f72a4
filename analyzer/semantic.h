// The semantic model of one file: scopes, bindings and imports, built during the checker's single
// walk. Rules ask it what a name means ("is this call numpy.zeros?") instead of matching spellings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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
};

struct Binding {
  std::string_view name;      // points into the file's text
  uint32_t scope = 0;
  BindingKind kind = BindingKind::Assignment;
  TSNode node{};              // the identifier that binds
  TSNode value{};             // the assigned expression for simple `name = value`, else null
  std::string qualified;      // for imports: the fully qualified name it binds ("numpy", "numpy.zeros")
};

struct Scope {
  ScopeKind kind = ScopeKind::Module;
  TSNode node{};
  int32_t parent = -1;
  std::unordered_map<std::string_view, std::vector<uint32_t>> names;  // name -> binding ids, in order
  std::unordered_set<std::string_view> globals;    // `global` declarations
  std::unordered_set<std::string_view> nonlocals;  // `nonlocal` declarations
  bool star_import = false;  // `from m import *`: unknown names may come from it
  bool dynamic = false;      // calls locals()/vars()/eval/exec/dir(): names are not analyzable
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
  std::string qualified_name(TSNode expr, uint32_t scope_id) const;

  // The value of a statically known integer expression: literals, names bound once to one,
  // `int(...)` of an integral literal, and + - * // ** << on those. Depth-bounded.
  std::optional<int64_t> constant_int(TSNode expr, uint32_t scope_id, int depth = 0) const;

  // Binding the model during the walk (used by the checker only).
  uint32_t push_scope(ScopeKind kind, TSNode node, uint32_t parent);
  void add_binding(uint32_t scope, BindingKind kind, TSNode name_node, TSNode value = TSNode{},
                   std::string qualified = {});
  // Records the bindings made by the node just entered (imports, assignments, defs, ...).
  void bind_from(TSNode node, Kind kind, uint32_t scope);
  // Binds every identifier in a target pattern (tuples, lists, starred, parenthesized).
  void bind_targets(TSNode target, uint32_t scope, BindingKind kind, TSNode value);
  void bind_parameters(TSNode params, uint32_t scope);
  void mark_dynamic(uint32_t scope) { scopes_[scope].dynamic = true; }

 private:
  uint32_t binding_scope(std::string_view name, uint32_t scope) const;  // honours global/nonlocal
  std::string_view text_;
  std::vector<Scope> scopes_;
  std::vector<Binding> bindings_;
};

}  // namespace pml
