#include "analyzer/values.h"

#include <array>
#include <cmath>
#include <unordered_map>
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
    {"numpy.linspace", ValueKind::NDArray, DD::Float64, 5, true, SF::Num, 2, "num"},
    {"numpy.logspace", ValueKind::NDArray, DD::Float64, 5, true, SF::Num, 2, "num"},
    {"numpy.geomspace", ValueKind::NDArray, DD::Float64, 4, true, SF::Num, 2, "num"},
    {"numpy.arange", ValueKind::NDArray, DD::FromArguments, 3, true, SF::Arange, 0, ""},
    {"numpy.loadtxt", ValueKind::NDArray, DD::Float64, 1, true, SF::Unknown, 0, ""},
    {"numpy.genfromtxt", ValueKind::NDArray, DD::Float64, 1, true, SF::Unknown, 0, ""},
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
    // numpy constructors whose dtype follows the input
    {"numpy.array", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "object"},
    {"numpy.asarray", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "a"},
    {"numpy.asanyarray", ValueKind::NDArray, DD::FromInput, 1, true, SF::Literal, 0, "a"},
    {"numpy.fromiter", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.empty_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.zeros_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.ones_like", ValueKind::NDArray, DD::FromInput, 1, true, SF::Unknown, 0, ""},
    {"numpy.full_like", ValueKind::NDArray, DD::FromInput, 2, true, SF::Unknown, 0, ""},
    // pandas containers
    {"pandas.Series", ValueKind::Series, DD::FromInput, 2, true, SF::Unknown, 0, ""},
    {"pandas.DataFrame", ValueKind::DataFrame, DD::FromInput, 3, true, SF::Unknown, 0, ""},
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
  if (is(n, Kind::Float)) return true;
  if (is(n, Kind::UnaryOperator)) return is_float_expression(child_by_field(n, Field::Argument), text);
  return false;
}

bool is_int_expression(TSNode n, const SemanticModel& model, uint32_t scope) {
  return model.constant_int(n, scope).has_value();
}

std::optional<uint64_t> shape_elements(TSNode shape, const SemanticModel& model, uint32_t scope) {
  shape = strip_parens(shape);
  if (is(shape, Kind::Tuple) || is(shape, Kind::List)) {
    uint64_t total = 1;
    for (uint32_t i = 0; i < ts_node_named_child_count(shape); ++i) {
      auto v = model.constant_int(ts_node_named_child(shape, i), scope);
      if (!v || *v < 0) return std::nullopt;
      if (__builtin_mul_overflow(total, static_cast<uint64_t>(*v), &total)) return std::nullopt;
    }
    return total;
  }
  auto v = model.constant_int(shape, scope);
  if (!v || *v < 0) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

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
    case Dtype::Uint8: return "uint8";
    case Dtype::Bool: return "bool";
    case Dtype::Complex128: return "complex128";
    case Dtype::Object: return "object";
    case Dtype::Unknown: break;
  }
  return "unknown";
}

uint32_t dtype_itemsize(Dtype d) {
  switch (d) {
    case Dtype::Float64: case Dtype::Int64: case Dtype::Object: return 8;
    case Dtype::Float32: case Dtype::Int32: return 4;
    case Dtype::Float16: case Dtype::Int16: return 2;
    case Dtype::Int8: case Dtype::Uint8: case Dtype::Bool: return 1;
    case Dtype::Complex128: return 16;
    case Dtype::Unknown: break;
  }
  return 0;
}

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

TSNode argument(TSNode args, int pos, std::string_view keyword, std::string_view text) {
  if (ts_node_is_null(args)) return TSNode{};
  uint32_t count = ts_node_named_child_count(args);
  int index = 0;
  bool positional_open = true;
  TSNode found{};
  for (uint32_t i = 0; i < count; ++i) {
    TSNode a = ts_node_named_child(args, i);
    Kind k = kind_of(a);
    if (k == Kind::Comment) continue;
    if (k == Kind::KeywordArgument) {
      positional_open = false;
      if (!keyword.empty() && node_text(child_by_field(a, Field::Name), text) == keyword)
        return child_by_field(a, Field::Value);
      continue;
    }
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) {
      positional_open = false;
      continue;
    }
    if (positional_open && index++ == pos && pos >= 0) found = a;
  }
  return found;
}

Dtype dtype_of_expression(TSNode expr, uint32_t scope, const SemanticModel& model, std::string_view text) {
  expr = strip_parens(expr);
  if (is(expr, Kind::String)) {
    std::string_view s = node_text(expr, text);
    // Strip prefix letters and quotes: "float32", 'f4', "O".
    size_t q = s.find_first_of("'\"");
    if (q == std::string_view::npos) return Dtype::Unknown;
    s = s.substr(q);
    size_t quote_len = (s.size() >= 6 && (s.substr(0, 3) == "\"\"\"" || s.substr(0, 3) == "'''")) ? 3 : 1;
    if (s.size() < 2 * quote_len) return Dtype::Unknown;
    s = s.substr(quote_len, s.size() - 2 * quote_len);
    if (!s.empty() && (s[0] == '<' || s[0] == '>' || s[0] == '=' || s[0] == '|')) s.remove_prefix(1);
    static const std::unordered_map<std::string_view, Dtype> names = {
        {"float64", Dtype::Float64}, {"f8", Dtype::Float64}, {"float", Dtype::Float64}, {"double", Dtype::Float64},
        {"d", Dtype::Float64}, {"float32", Dtype::Float32}, {"f4", Dtype::Float32}, {"single", Dtype::Float32},
        {"f", Dtype::Float32}, {"float16", Dtype::Float16}, {"f2", Dtype::Float16}, {"half", Dtype::Float16},
        {"int64", Dtype::Int64}, {"i8", Dtype::Int64}, {"int", Dtype::Int64}, {"int32", Dtype::Int32},
        {"i4", Dtype::Int32}, {"int16", Dtype::Int16}, {"i2", Dtype::Int16}, {"int8", Dtype::Int8},
        {"i1", Dtype::Int8}, {"uint8", Dtype::Uint8}, {"u1", Dtype::Uint8}, {"bool", Dtype::Bool},
        {"?", Dtype::Bool}, {"complex128", Dtype::Complex128}, {"complex", Dtype::Complex128},
        {"c16", Dtype::Complex128}, {"object", Dtype::Object}, {"O", Dtype::Object}, {"O8", Dtype::Object},
    };
    auto it = names.find(s);
    return it == names.end() ? Dtype::Unknown : it->second;
  }
  std::string q = model.qualified_name(expr, scope);
  if (q.empty()) return Dtype::Unknown;
  static const std::unordered_map<std::string_view, Dtype> qualified = {
      {"builtins.float", Dtype::Float64}, {"builtins.int", Dtype::Int64}, {"builtins.bool", Dtype::Bool},
      {"builtins.complex", Dtype::Complex128}, {"builtins.object", Dtype::Object},
      {"numpy.float64", Dtype::Float64}, {"numpy.double", Dtype::Float64}, {"numpy.float_", Dtype::Float64},
      {"numpy.float32", Dtype::Float32}, {"numpy.single", Dtype::Float32}, {"numpy.float16", Dtype::Float16},
      {"numpy.half", Dtype::Float16}, {"numpy.int64", Dtype::Int64}, {"numpy.int32", Dtype::Int32},
      {"numpy.int16", Dtype::Int16}, {"numpy.int8", Dtype::Int8}, {"numpy.uint8", Dtype::Uint8},
      {"numpy.bool_", Dtype::Bool}, {"numpy.complex128", Dtype::Complex128}, {"numpy.object_", Dtype::Object},
  };
  auto it = qualified.find(q);
  return it == qualified.end() ? Dtype::Unknown : it->second;
}

CallFacts call_facts(TSNode call, uint32_t scope, const SemanticModel& model, std::string_view text) {
  CallFacts f;
  if (!is(call, Kind::Call)) return f;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return f;  // generator-argument calls: f(x for x in y)
  std::string q = model.qualified_name(child_by_field(call, Field::Function), scope);
  if (q.empty()) return f;
  f.producer = find_producer(q);
  if (!f.producer) return f;
  const Producer& p = *f.producer;
  f.call = call;
  f.args = args;
  uint32_t positional = 0;
  for (uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    Kind k = kind_of(ts_node_named_child(args, i));
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) f.has_unpacking = true;
    else if (k != Kind::KeywordArgument && k != Kind::Comment) ++positional;
  }
  f.dtype_arg = argument(args, p.takes_dtype ? p.dtype_pos : -1, p.takes_dtype ? "dtype" : "", text);
  if (!ts_node_is_null(f.dtype_arg)) {
    f.dtype = dtype_of_expression(f.dtype_arg, scope, model, text);
  } else {
    switch (p.default_dtype) {
      case DD::Float64: f.dtype = Dtype::Float64; break;
      case DD::FromFill: {
        TSNode fill = argument(args, 1, "fill_value", text);
        if (!ts_node_is_null(fill)) {
          if (is_float_expression(fill, text)) f.dtype = Dtype::Float64;
          else if (is_int_expression(fill, model, scope)) f.dtype = Dtype::Int64;
        }
        break;
      }
      case DD::FromArguments: {
        bool any_float = false, all_int = true;
        for (int i = 0; i < 3; ++i) {
          static constexpr std::string_view kw[] = {"start", "stop", "step"};
          TSNode a = argument(args, i, kw[i], text);
          if (ts_node_is_null(a)) continue;
          if (is_float_expression(a, text)) any_float = true;
          else if (!is_int_expression(a, model, scope)) all_int = false;
        }
        if (any_float) f.dtype = Dtype::Float64;
        else if (all_int) f.dtype = Dtype::Int64;
        break;
      }
      case DD::FromInput: break;
    }
  }
  switch (p.size) {
    case SF::Unknown: break;
    case SF::Shape: {
      TSNode shape = argument(args, p.size_pos, p.size_kw, text);
      if (!ts_node_is_null(shape)) f.elements = shape_elements(shape, model, scope);
      break;
    }
    case SF::Square: {
      auto n = model.constant_int(argument(args, 0, p.size_kw, text), scope);
      if (n && *n >= 0 && *n < (int64_t{1} << 31)) f.elements = static_cast<uint64_t>(*n) * static_cast<uint64_t>(*n);
      break;
    }
    case SF::Eye: {
      auto n = model.constant_int(argument(args, 0, "N", text), scope);
      TSNode m_arg = argument(args, 1, "M", text);
      std::optional<int64_t> m = ts_node_is_null(m_arg) || is(strip_parens(m_arg), Kind::None)
                                     ? n
                                     : model.constant_int(m_arg, scope);
      if (n && m && *n >= 0 && *m >= 0 && *n < (int64_t{1} << 31) && *m < (int64_t{1} << 31))
        f.elements = static_cast<uint64_t>(*n) * static_cast<uint64_t>(*m);
      break;
    }
    case SF::Varargs: {
      if (positional == 0 && !f.has_unpacking) {
        f.scalar = true;
        break;
      }
      uint64_t total = 1;
      bool known = !f.has_unpacking;
      for (uint32_t i = 0; known && i < positional; ++i) {
        auto v = model.constant_int(argument(args, static_cast<int>(i), "", text), scope);
        if (!v || *v < 0 || __builtin_mul_overflow(total, static_cast<uint64_t>(*v), &total)) known = false;
      }
      if (known) f.elements = total;
      break;
    }
    case SF::OptionalShape: {
      TSNode size = argument(args, p.size_pos, p.size_kw, text);
      if ((ts_node_is_null(size) && !f.has_unpacking) || is(strip_parens(size), Kind::None)) {
        f.scalar = true;
        break;
      }
      if (!ts_node_is_null(size)) f.elements = shape_elements(size, model, scope);
      break;
    }
    case SF::Num: {
      TSNode num = argument(args, p.size_pos, p.size_kw, text);
      if (ts_node_is_null(num)) {
        if (!f.has_unpacking) f.elements = 50;
      } else if (auto v = model.constant_int(num, scope); v && *v >= 0) {
        f.elements = static_cast<uint64_t>(*v);
      }
      break;
    }
    case SF::Arange: {
      // arange(stop) / arange(start, stop[, step]) with integer constants.
      std::optional<int64_t> a[3];
      int n = 0;
      for (int i = 0; i < 3; ++i) {
        TSNode arg = argument(args, i, "", text);
        if (ts_node_is_null(arg)) break;
        a[i] = model.constant_int(arg, scope);
        if (!a[i]) return f;
        ++n;
      }
      if (f.has_unpacking || n == 0) break;
      int64_t start = n >= 2 ? *a[0] : 0, stop = n >= 2 ? *a[1] : *a[0], step = n == 3 ? *a[2] : 1;
      if (step == 0) break;
      int64_t count = (stop - start + step + (step > 0 ? -1 : 1)) / step;
      f.elements = count > 0 ? static_cast<uint64_t>(count) : 0;
      break;
    }
    case SF::Literal: {
      // A literal sequence written in the source: count its leaves (nested literals included).
      // Any unpacking or comprehension inside makes the size unknown.
      TSNode obj = strip_parens(argument(args, 0, p.size_kw, text));
      if (!is(obj, Kind::List) && !is(obj, Kind::Tuple)) break;
      uint64_t leaves = 0;
      bool known = true;
      std::vector<TSNode> stack{obj};
      while (known && !stack.empty()) {
        TSNode n = stack.back();
        stack.pop_back();
        for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) {
          TSNode c = strip_parens(ts_node_named_child(n, i));
          Kind k = kind_of(c);
          if (k == Kind::List || k == Kind::Tuple) stack.push_back(c);
          else if (k == Kind::ListSplat || k == Kind::ListComprehension || k == Kind::GeneratorExpression) known = false;
          else if (k != Kind::Comment) ++leaves;
        }
      }
      if (known) f.elements = leaves;
      break;
    }
  }
  return f;
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
