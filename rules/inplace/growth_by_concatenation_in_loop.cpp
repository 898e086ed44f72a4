#include "rules/inplace/growth_by_concatenation_in_loop.h"

#include <fmt/format.h>

#include <algorithm>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/inplace/inplace_util.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM203",
    "growth-by-concatenation-in-loop",
    "Array or frame grown by concatenation inside a loop",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a name rebound, inside the body of a `for` or `while` loop, to a concatenation of itself
and new pieces: `a = np.append(a, x)`, `a = np.concatenate([a, x])` (a list or tuple, with more
pieces too), `a = np.vstack((a, x))`, `a = np.hstack((a, x))`, `df = pd.concat([df, x])`,
`t = torch.cat([t, x])`, and `df = df.append(x)` on a pandas DataFrame. The statement must be in
the loop's own scope, and the value it extends must be able to come from its own previous
iteration: a concatenation run once (in a loop's `else` clause, outside any loop) or one whose
name is made anew earlier in every iteration accumulates nothing and is not reported.)",
        R"(Each concatenation allocates a new array as large as everything gathered so far and copies
it all: n iterations copy O(n^2) bytes in total, and the old and the new copy are alive together
at every step (pandas measured 1.90 s instead of 0.026 s for 2,000 small frames). Collecting the
pieces in a list and concatenating once copies each byte once.)",
        R"(import numpy as np

result = np.empty((0, 3))
for path in paths:
    result = np.vstack((result, np.load(path))))",
        R"(import numpy as np

result = np.empty((0, 3))
result_parts = [result]
for path in paths:
    result_parts.append(np.load(path))
if len(result_parts) > 1:
    result = np.vstack(result_parts))",
        R"(The fix collects the pieces: `a_parts = [a]` before the loop, `a_parts.append(x)` in place of
the statement, and after the loop `if len(a_parts) > 1: a = np.concatenate(a_parts)` with the
original call's other arguments (`axis=`, `ignore_index=`, ...), so a loop that runs zero times
leaves `a` exactly as it was. `np.append(a, x)` flattens its inputs when no axis is given; the
fix keeps that with `np.concatenate(a_parts, axis=None)`. The fix is always unsafe: a piece that
is modified after it is appended (a buffer refilled on every iteration) is concatenated with its
final contents instead of its contents at the time, the result dtype is promoted once over all
pieces instead of step by step, and an exception inside the loop leaves `a` at its initial value
instead of partly grown. It is display-only when the new timing is visible or the rewrite cannot
be proven: `a` is read or rebound elsewhere in the loop (including its condition, its `else`
clause and nested functions), `a` is not bound before the loop, it is global, nonlocal or used by
a nested function, the loop is inside a `try` of the same scope, the loop does not start its
line, the concatenation prepends (`[x, a]`), another argument may change inside the loop or
changes the meaning of a single concatenation (`out=`, `keys=`, `names=`, `levels=`), a comment
inside the call would be lost, and always for `DataFrame.append`, whose rows (dicts, Series)
`pd.concat` treats differently. When the loop reads more of `a` than its shape or length, a list
of pieces would have to be joined on every iteration: the message then advises an array of the
final size, filled in place, instead.)",
        R"(None.)",
        R"(https://numpy.org/doc/stable/reference/generated/numpy.append.html
https://numpy.org/doc/stable/reference/generated/numpy.concatenate.html
https://pandas.pydata.org/docs/reference/api/pandas.concat.html
https://pandas.pydata.org/docs/whatsnew/v2.0.0.html#removal-of-prior-version-deprecations-changes)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Assignment};

std::vector<TSNode> named_children(TSNode n) {
  std::vector<TSNode> out;
  for (uint32_t i = 0; i < named_child_count(n); ++i) {
    TSNode c = named_child(n, i);
    if (!is(c, Kind::Comment)) out.push_back(c);
  }
  return out;
}

// An argument whose value cannot change between the loop's iterations and the code after it: a
// literal, an imported name (`np.float32`), or a name that the loop does not rebind.
bool is_stable(TSNode n, TSNode loop, const Context& ctx) {
  n = strip_parens(n);
  if (is(n, Kind::UnaryOperator)) n = strip_parens(child_by_field(n, Field::Argument));
  switch (kind_of(n)) {
    case Kind::Integer:
    case Kind::Float:
    case Kind::String:
    case Kind::ConcatenatedString:
    case Kind::True:
    case Kind::False:
    case Kind::None:
      return true;
    case Kind::Attribute:
      return !ctx.qualified_name(n).empty();
    case Kind::Identifier: {
      if (!ctx.qualified_name(n).empty()) return true;
      for (uint32_t id : ctx.model().bindings_of(ctx.text_of(n), ctx.scope())) {
        uint32_t s = ts_node_start_byte(ctx.model().bindings()[id].node);
        if (s >= ts_node_start_byte(loop) && s < ts_node_end_byte(loop)) return false;
      }
      return !ctx.model().used_by_nested_scope(ctx.text_of(n), ctx.scope());
    }
    default:
      return false;
  }
}

}  // namespace

const RuleInfo& GrowthByConcatenationInLoop::info() const { return kInfo; }
std::span<const Kind> GrowthByConcatenationInLoop::kinds() const { return kKinds; }

void GrowthByConcatenationInLoop::check(TSNode node, Context& ctx) const {
  TSNode left = child_by_field(node, Field::Left);
  if (!is(left, Kind::Identifier)) return;
  TSNode call = strip_parens(child_by_field(node, Field::Right));
  if (!is(call, Kind::Call)) return;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;
  const std::string a(ctx.text_of(left));
  const uint32_t scope = ctx.scope();
  const SemanticModel& model = ctx.model();
  auto is_a = [&](TSNode n) {
    n = strip_parens(n);
    return is(n, Kind::Identifier) && ctx.text_of(n) == a;
  };
  TSNode callee = child_by_field(call, Field::Function);

  // The growth: which call, the name's own read, and the new pieces.
  enum class Form { Sequence, Append, FrameAppend } form;
  TSNode own_read{};            // the read of `a` the concatenation consumes
  TSNode sequence{};            // Sequence: the list or tuple of pieces
  std::vector<TSNode> pieces;   // the new pieces, in order
  std::vector<TSNode> others;   // the other arguments (kept in the final concatenation)
  std::string display_reason;
  auto display_only = [&](std::string why) {
    if (display_reason.empty()) display_reason = std::move(why);
  };
  const Producer* p = ctx.values().producer_of(call, scope);
  if (p && p->concat == Concat::Sequence) {
    form = Form::Sequence;
    TSNode first = argument(args, 0, "", ctx.text());
    sequence = strip_parens(first);
    if (!is(sequence, Kind::List) && !is(sequence, Kind::Tuple)) return;
    auto elements = named_children(sequence);
    if (elements.size() < 2) return;
    for (TSNode e : elements)
      if (is(e, Kind::ListSplat)) return;
    if (is_a(elements[0])) {
      own_read = strip_parens(elements[0]);
      pieces.assign(elements.begin() + 1, elements.end());
    } else {
      bool anywhere = false;
      for (TSNode e : elements)
        if (is_a(e)) anywhere = true, own_read = strip_parens(e);
      if (!anywhere) return;
      display_only("the new pieces go before the old ones");
    }
    for (TSNode arg : named_children(args))
      if (!ts_node_eq(arg, first)) others.push_back(arg);
  } else if (p && p->concat == Concat::Append) {
    form = Form::Append;
    TSNode arr = argument(args, 0, "arr", ctx.text()), values = argument(args, 1, "values", ctx.text());
    if (ts_node_is_null(arr) || ts_node_is_null(values) || !is_a(arr)) return;
    own_read = strip_parens(arr);
    pieces.push_back(values);
    for (TSNode arg : named_children(args))
      if (!ts_node_eq(arg, arr) && !ts_node_eq(arg, values) &&
          !(is(arg, Kind::KeywordArgument) &&
            (ts_node_eq(child_by_field(arg, Field::Value), arr) || ts_node_eq(child_by_field(arg, Field::Value), values))))
        others.push_back(arg);
  } else if (is(callee, Kind::Attribute) && ctx.text_of(child_by_field(callee, Field::AttributeField)) == "append" &&
             is_a(child_by_field(callee, Field::Object)) &&
             ctx.values().of_expression(child_by_field(callee, Field::Object), scope).kind == ValueKind::DataFrame) {
    form = Form::FrameAppend;
    own_read = strip_parens(child_by_field(callee, Field::Object));
    display_only("`DataFrame.append` takes rows (dicts, Series) that `pd.concat` would treat as columns");
  } else {
    return;
  }

  // Only inside the body of a loop of the same scope, and only when the value it extends can be
  // the one it made on the previous iteration (not rebound first in every iteration).
  inplace::Placement where = inplace::placement(node, ctx);
  TSNode loop = where.innermost_loop;
  if (ts_node_is_null(loop)) return;
  {
    int32_t own = model.binding_of_node(left);
    auto reaching = reaching_bindings(ctx.flow(scope), model, a, scope, node);
    if (own < 0 || std::find(reaching.begin(), reaching.end(), static_cast<uint32_t>(own)) == reaching.end()) return;
  }

  // Whether collecting the pieces is invisible to the loop and to what follows.
  const uint32_t loop_start = ts_node_start_byte(loop), loop_end = ts_node_end_byte(loop);
  const Scope& sc = model.scope(scope);
  if (!inplace::is_plain_assignment(node)) display_only("the assignment has several targets or an annotation");
  bool read_in_loop = false;
  {
    auto [first, last] = inplace::references_in(model, loop_start, loop_end);
    for (size_t r = first; r < last; ++r) {
      const Reference& ref = model.references()[r];
      if (ref.name == a && !ts_node_eq(ref.node, own_read)) {
        // Reading only its shape or length (`data.shape`, `len(data)`), a running count could
        // answer; whether it is None yet (`if pos is None:`), the list of pieces being empty.
        bool none_test = is(ref.parent, Kind::ComparisonOperator) && named_child_count(ref.parent) == 2 &&
                         (is(named_child(ref.parent, 0), Kind::None) || is(named_child(ref.parent, 1), Kind::None)) &&
                         ctx.text_of(ref.parent).find(" is ") != std::string_view::npos;
        bool metadata = none_test || (is(ref.parent, Kind::Attribute) &&
                                      ts_node_eq(child_by_field(ref.parent, Field::Object), ref.node) &&
                                      is_metadata_attribute(ctx.text_of(child_by_field(ref.parent, Field::AttributeField))));
        if (is(ref.parent, Kind::ArgumentList) && ctx.qualified_name(child_by_field(parent_of(ref.parent),
                                                                                   Field::Function)) == "builtins.len")
          metadata = true;
        read_in_loop = read_in_loop || !metadata;
        display_only(fmt::format("the loop reads `{}` elsewhere and would see it before it grows", a));
      }
    }
  }

  // A loop that reads what it has gathered so far (seaborn's beeswarm checks each new point against
  // the swarm) would have to join a list of pieces on every iteration: quadratic again.
  std::string shown(ctx.text_of(callee));
  std::string message = fmt::format(
      "`{0}` grows by `{1}` inside a loop: every iteration copies everything gathered so far (quadratic in the "
      "total size) and holds the old and the new copy at once; {2}",
      a, shown,
      read_in_loop ? fmt::format("the loop also reads `{}`, so when the final size is known, allocate it once and "
                                 "fill it in place, reading the part filled so far",
                                 a)
                   : std::string("collect the pieces in a list and concatenate once after the loop"));
  bool bound_before = false;
  for (uint32_t id : model.bindings_of(a, scope)) {
    const Binding& b = model.bindings()[id];
    uint32_t s = ts_node_start_byte(b.node);
    if (b.visible_from <= loop_start) bound_before = true;
    if (s >= loop_start && s < loop_end && !ts_node_eq(b.node, left))
      display_only(fmt::format("the loop rebinds `{}` elsewhere", a));
  }
  if (!bound_before) display_only(fmt::format("`{}` is not bound before the loop", a));
  if (sc.globals.count(a) || sc.nonlocals.count(a)) display_only(fmt::format("`{}` is global or nonlocal", a));
  if (model.used_by_nested_scope(a, scope)) display_only(fmt::format("a nested function uses `{}`", a));
  if (where.in_try) display_only(fmt::format("an exception caught around the loop would find `{}` not grown", a));
  inplace::Layout loop_layout = inplace::layout(loop, ctx.text());
  if (!loop_layout.starts_line) display_only("the loop does not start its line");
  for (TSNode arg : others) {
    if (is(arg, Kind::KeywordArgument)) {
      std::string_view kw = ctx.text_of(child_by_field(arg, Field::Name));
      if (kw == "out" || kw == "keys" || kw == "names" || kw == "levels")
        display_only(fmt::format("`{}=` means something else for one concatenation of all pieces", kw));
      if (!is_stable(child_by_field(arg, Field::Value), loop, ctx))
        display_only(fmt::format("`{}` may change inside the loop", ctx.text_of(arg)));
    } else if (!is_stable(arg, loop, ctx)) {
      display_only(fmt::format("`{}` may change inside the loop", ctx.text_of(arg)));
    }
  }
  if (inplace::has_comment_child(args) || (!ts_node_is_null(sequence) && inplace::has_comment_child(sequence)) ||
      inplace::has_comment_child(call) || inplace::has_comment_child(node))
    display_only("a comment in the call would be lost");
  if (!inplace::is_builtin_at(model, "len", scope, loop_start)) display_only("`len` is shadowed");
  std::optional<std::string> np_concatenate;
  if (form == Form::Append) {
    np_concatenate = numpy_attribute(ctx, callee, "concatenate");
    if (!np_concatenate) display_only("numpy is not imported as a module to spell `concatenate`");
  }
  std::optional<std::string> parts = inplace::free_name(model, scope, a + "_parts");
  if (!parts) display_only("no free name for the list of pieces");

  std::string title =
      form == Form::FrameAppend
          ? std::string("Collect the rows in a list and build the frame once after the loop "
                        "(`DataFrame.append` is gone in pandas 2.0)")
          : fmt::format("Collect the pieces in a list (`{0}_parts.append(...)`) and concatenate once after the loop", a);
  if (!display_reason.empty()) {
    ctx.report(kInfo, node, message,
               Fix{fmt::format("{} (not offered: {})", title, display_reason), Applicability::DisplayOnly, {}});
    return;
  }

  // The rewrite: the list before the loop, an append in the loop, one concatenation after it.
  std::string_view nl = ctx.newline();
  const std::string& indent = loop_layout.indent;
  std::string final_call;
  if (form == Form::Sequence) {
    std::string_view text = ctx.text();
    final_call = fmt::format("{}{}{}", text.substr(ts_node_start_byte(call), ts_node_start_byte(sequence) - ts_node_start_byte(call)),
                             *parts, text.substr(ts_node_end_byte(sequence), ts_node_end_byte(call) - ts_node_end_byte(sequence)));
  } else {
    TSNode axis = argument(args, 2, "axis", ctx.text());
    final_call = fmt::format("{}({}, axis={})", *np_concatenate, *parts,
                             ts_node_is_null(axis) ? std::string_view("None") : ctx.text_of(axis));
  }
  std::string collect;
  if (pieces.size() == 1) {
    collect = fmt::format("{}.append({})", *parts, ctx.text_of(pieces[0]));
  } else {
    std::vector<std::string_view> texts;
    for (TSNode piece : pieces) texts.push_back(ctx.text_of(piece));
    collect = fmt::format("{}.extend(({}))", *parts, fmt::join(texts, ", "));
  }
  std::vector<Edit> edits;
  edits.push_back(Edit{loop_layout.line_start, loop_layout.line_start, fmt::format("{}{} = [{}]{}", indent, *parts, a, nl)});
  edits.push_back(Edit{ts_node_start_byte(node), ts_node_end_byte(node), collect});
  edits.push_back(Edit{loop_layout.after_line, loop_layout.after_line,
                       fmt::format("{}{}if len({}) > 1:{}{}{}{} = {}{}", loop_layout.last_line_terminated ? "" : std::string(nl),
                                   indent, *parts, nl, indent, inplace::indent_unit(indent), a, final_call, nl)});
  ctx.report(kInfo, node, std::move(message),
             Fix{fmt::format("{} (unsafe: pieces changed after they are appended, dtype promotion over all pieces "
                             "at once, `{}` not grown if the loop raises)",
                             title, a),
                 Applicability::Unsafe, std::move(edits), {ctx.isolation_key(a)}});
}

}  // namespace pml
