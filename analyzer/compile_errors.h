#pragma once

#include <tree_sitter/api.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/syntax.h"

namespace pml {

class SemanticModel;

// Finds the errors CPython raises while it compiles a tree its parser accepted, with CPython
// 3.11's messages: `python -m py_compile` refuses such a file as it refuses one that does not
// parse, so it gets E999 too.
// - The future statement: a feature that does not exist (`not a chance` for braces), or a future
//   import after other code.
// - Names (the symbol table): a parameter named twice; `import *` in a function or a class; a
//   `global` or `nonlocal` declaration after the name's use, assignment or annotation in its
//   scope, or of a parameter; `nonlocal` at module level, or with no enclosing function binding
//   the name; `yield` in a comprehension; an assignment expression in a comprehension's
//   iterable, rebinding its iteration variable, or in a comprehension in a class body.
// - The compiler: `return`, `yield` or `await` outside a function; `await`, `async for`,
//   `async with` or an asynchronous comprehension outside an async function; `return` with a
//   value in an async generator; `break` or `continue` outside a loop; a keyword argument
//   repeated; a starred assignment target alone or twice in one target list, a starred
//   expression as a whole value; an assignment, binding or deletion of `__debug__`; a `case`
//   pattern that matches everything before the last case or alternative, captures a name twice,
//   has alternatives that capture different names, or two starred names in one sequence; more
//   than 20 blocks open at once in one function (loops, `with` items, `try`, handlers).
// CPython reports the first error of the earliest of these stages (each in document order), so
// this does too. Meant for a tree without error nodes, fed by the checker's walk.
class CompileChecker {
 public:
  // `model` is the file's, filled by the same walk: finish() asks it once it is finished; the walk
  // asks only its scopes, pushed as they open. `top_level_await`: the module's own code may
  // `await`, and use `async for`, `async with` and asynchronous comprehensions, as IPython
  // compiles a notebook's cells (CPython's PyCF_ALLOW_TOP_LEVEL_AWAIT).
  CompileChecker(std::string_view text, const SemanticModel& model, bool top_level_await = false)
      : text_(text), model_(model), watches_debug_(names_debug(text)), top_level_await_(top_level_await) {}
  // `path[d]` and `kinds[d]` are the nodes from the root (depth 0) to `node` (at `depth`), as the
  // walk gives them; `scope` is the model's scope the node is in, and `scopes` the scopes open on
  // the path (the module, functions, classes, lambdas, comprehensions), outermost first. Inline:
  // called for every named node but identifiers, and most need a comparison or two.
  void enter(TSNode node, Kind kind, uint32_t depth, uint32_t scope, std::span<const TSNode> path,
             std::span<const Kind> kinds, std::span<const OpenScope> scopes) {
    if (depth == 1) module_statement(node, kind);
    scopes_ = scopes;
    switch (kind) {
      case Kind::ReturnStatement: case Kind::Yield: case Kind::Await: case Kind::BreakStatement:
      case Kind::ContinueStatement: case Kind::ForStatement: case Kind::WithStatement: case Kind::ForInClause:
      case Kind::KeywordArgument: case Kind::WildcardImport: case Kind::FutureImportStatement:
      case Kind::GlobalStatement: case Kind::NonlocalStatement: case Kind::ListSplatPattern: case Kind::ListSplat:
      case Kind::MatchStatement: case Kind::NamedExpression:
        construct(node, kind, depth, scope, path, kinds);
        break;
      case Kind::Block:
        if (depth >= 1) block(node, depth, path, kinds[depth - 1]);
        break;
      case Kind::Attribute:
        if (watches_debug_) attribute(node, depth, path, kinds);
        break;
      default: break;
    }
  }
  // Whether the text names `__debug__` at all: then the walk hands each identifier so spelled to
  // identifier().
  bool watches_debug() const { return watches_debug_; }
  void identifier(TSNode node, uint32_t depth, std::span<const TSNode> path, std::span<const Kind> kinds);
  // After the walk, once the model is finished: parameters named twice, the declarations' checks
  // (they need every binding and read of their scopes), and async generators that return a value.
  void finish();
  // The error CPython reports, if any.
  std::optional<SyntaxErrorInfo> error() const;

 private:
  // CPython's stages: the future statement, the symbol table's build, then its analysis, then the
  // compiler. Each reports its first error in document order.
  enum Stage { Future, Symbols, SymbolAnalysis, Compiler, StageCount };
  struct Declaration {
    TSNode statement{};
    uint32_t scope = 0;
    bool global = false;
  };
  // Where a node's code runs: the innermost function, lambda, class or comprehension whose body
  // holds it (a default, an annotation, a decorator, a base class or a comprehension's first
  // iterable runs in the scope around), or the module.
  struct Owner {
    Kind kind = Kind::Module;
    TSNode node{};
    size_t at = 0;  // its index on the path
  };
  void construct(TSNode node, Kind kind, uint32_t depth, uint32_t scope, std::span<const TSNode> path,
                 std::span<const Kind> kinds);
  void module_statement(TSNode node, Kind kind);
  // The owner of the node at path[at]: only the scope-opening nodes above it are asked, so that
  // a node nested 100,000 deep costs no more than one at the top.
  Owner owner(std::span<const TSNode> path, std::span<const Kind> kinds, size_t at) const;
  bool is_async(TSNode definition_or_statement) const;
  // `comprehension` (at path[at]) is asynchronous: it awaits or has an `async for`.
  void asynchronous_comprehension(TSNode comprehension, std::span<const TSNode> path, std::span<const Kind> kinds,
                                  size_t at);
  void future_import(TSNode node, uint32_t depth);
  // A starred item of the target list `list` (at `depth`): a second one is an error.
  void starred_target(TSNode list, uint32_t depth);
  void attribute(TSNode node, uint32_t depth, std::span<const TSNode> path, std::span<const Kind> kinds);
  void match_statement(TSNode node);
  struct PatternContext;
  bool pattern(TSNode node, PatternContext& pc);
  void named_expression(TSNode node, uint32_t depth, std::span<const TSNode> path, std::span<const Kind> kinds);
  // A block of statements: counts the blocks CPython's compiler keeps open around it (loops,
  // `with` items, `try` bodies, handlers, `finally`), at most 20 in one function.
  void block(TSNode node, uint32_t depth, std::span<const TSNode> path, Kind owner_kind);
  void fail(Stage stage, TSNode node, std::string message);
  static bool names_debug(std::string_view text);

  std::string_view text_;
  const SemanticModel& model_;
  bool watches_debug_;
  bool top_level_await_;
  std::span<const OpenScope> scopes_;  // the walk's, for the node entered last
  std::array<std::optional<SyntaxErrorInfo>, StageCount> first_{};
  // Module statements so far: only a docstring and future imports may come before a future import.
  bool future_allowed_ = true;
  bool seen_statement_ = false;
  std::vector<Declaration> declarations_;
  struct ReturnValue {
    TSNode statement{};
    TSNode function{};
  };
  std::vector<ReturnValue> async_returns_;  // `return x` in an async function
  std::vector<TSNode> async_yielders_;      // async functions with a `yield`
  // The keyword names of the argument list last seen at each depth.
  struct KeywordNames {
    TSNode list{};
    std::vector<std::string_view> names;
  };
  std::vector<KeywordNames> keywords_;
  std::vector<TSNode> starred_;  // by depth: the target list whose starred item was seen last
  TSNode last_pattern_{};        // the `case` pattern node pattern() entered last
  // The blocks on the walk's path and how many of CPython's frame blocks each holds (a lower
  // bound: a `try` body counts 1, a handler 2, as CPython counts them at least).
  struct OpenBlock {
    TSNode node;
    uint32_t depth;
    uint32_t frame_blocks;
  };
  std::vector<OpenBlock> blocks_;
};

}  // namespace pml
