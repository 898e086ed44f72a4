// Errors Python reports that the grammar accepts (syntax.h: LayoutChecker, is_reserved_word,
// GrammarGapChecker; compile_errors.h: CompileChecker): each case below was checked against
// CPython 3.11's compile(), row and column included where the engine points at the same token
// (Python's column for an indentation error is the last blank before the statement; ours is the
// statement's first character).

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "analyzer/checker.h"
#include "rules/registry.h"

namespace pml {
namespace {

LintResult lint_text(const std::string& text) {
  Settings s;
  s.enabled = default_rules();
  Parser p;
  return lint(text, "\n", s, p);
}

struct Invalid {
  const char* text;
  uint32_t row, column;
  const char* message;
};

// The file gets exactly one finding: an E999 at the given place with the given message.
void expect_only_e999(const Invalid& c) {
  LintResult r = lint_text(c.text);
  ASSERT_TRUE(r.syntax_error) << c.text;
  ASSERT_EQ(r.diagnostics.size(), 1u) << c.text;
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.code, "E999") << c.text;
  EXPECT_EQ(d.location.row, c.row) << c.text;
  EXPECT_EQ(d.location.column, c.column) << c.text;
  EXPECT_EQ(d.message, c.message) << c.text;
}

void expect_no_syntax_error(const char* text) {
  LintResult r = lint_text(text);
  EXPECT_FALSE(r.syntax_error) << text << "\n" << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
}

TEST(PythonSyntax, LayoutErrorsTheGrammarAcceptsAreE999) {
  const Invalid cases[] = {
      {"x = 1\n    y = 2\n", 2, 5, "IndentationError: unexpected indent"},
      {"x = 1\r\n    y = 2\r\n", 2, 5, "IndentationError: unexpected indent"},
      {"def f():\n    a = 1\n        b = 2\n", 3, 9, "IndentationError: unexpected indent"},
      {"@d\n  def f(): pass\n", 2, 3, "IndentationError: unexpected indent"},
      {"def f():\n    x = 1\n  y = 2\n", 3, 3, "IndentationError: unindent does not match any outer indentation level"},
      {"class A:\n    def f(self):\n        pass\n   x = 1\n", 4, 4,
       "IndentationError: unindent does not match any outer indentation level"},
      {"if x:\n    a\n  else:\n    b\n", 3, 3, "IndentationError: unindent does not match any outer indentation level"},
      {"try:\n    a\n  except E:\n    b\n", 3, 3, "IndentationError: unindent does not match any outer indentation level"},
      {"for i in x:\n    pass\n  else:\n    pass\n", 3, 3,
       "IndentationError: unindent does not match any outer indentation level"},
      {"match x:\n    case 1:\n        pass\n      case _:\n        pass\n", 4, 7,
       "IndentationError: unindent does not match any outer indentation level"},
      {"if True:\nx = 1\n", 2, 1, "IndentationError: expected an indented block after 'if' statement on line 1"},
      {"def f():\n    return 1\n\n\nclass A:\npass\n", 6, 1,
       "IndentationError: expected an indented block after class definition on line 5"},
      // A form feed starts the indentation over: `pass` is at column 0 for Python.
      {"if x:\n  \fpass\n", 2, 4, "IndentationError: expected an indented block after 'if' statement on line 1"},
      // A tab is 8 columns for one rule and 1 for the other: the two disagree.
      {"if x:\n\tpass\n        pass\n", 3, 9, "TabError: inconsistent use of tabs and spaces in indentation"},
      {"print \"hello\"\n", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"exec \"code\"\n", 1, 1, "SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?"},
      // The grammar reads a misplaced `else:` as an annotated assignment to a name `else`.
      {"def f():\n    if a:\n        x = 1\n        else:\n        y = 2\n", 4, 9, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

TEST(PythonSyntax, ValidLayoutsAreNotErrors) {
  const char* valid[] = {
      "if x: \\\n    pass\ny = 1\n",                    // a one-line suite continued by a backslash
      "x = 1; \\\n    y = 2\n",                         // a statement on a continuation line
      "x = 1 # a comment ending with a backslash \\\ny = 2\n",
      "if x: pass\nelif y: pass\nelse: pass\n",
      "class A(B): x = 1; y = 2\n",
      "def f():\n    x = (1,\n  2)\n    return x\n",     // brackets: indentation does not count
      "def f():\n    s = '''\nfoo\n  '''\n    return s\n",
      "if x:\n        # a comment anywhere\n    pass\n# trailing\n",
      "print >>f, x\n",  // `(print >> f), x`: valid, if useless
      "print (a), b\n",
      "print\n",
      "exec(code)\n",
      "\fx = 1\n",
      "def f():\n    pass\n\f\ndef g():\n    pass\n",
      "if x:\n\tpass\n\tpass\n",
      "if x:\n\tif y:\n\t    pass\n\tpass\n",
      "match = 1\ncase = 2\ntype = 3\n_ = 4\n",  // soft keywords are names
      "élan = 1\nelseé = 2\n",
      "@d\ndef f():\n    pass\n",
      "class A:\n    @property\n    def x(self):\n        return 1\n",
      "try:\n    a\nexcept* E:\n    b\nelse:\n    c\nfinally:\n    d\n",
      "def f():\n    '''doc'''\n",
      "while x:\n    pass\nelse:\n    pass\n",
      "match x:\n    case 1:\n        pass\n    case _:\n        pass\n",
      "x = 1\r\nif x:\r\n    y = 2\r\n",
      "async def f():\n    async with a:\n        pass\n    async for i in b:\n        pass\n",
  };
  for (const char* text : valid) expect_no_syntax_error(text);
}

// Columns are those of the offending construct's first character. CPython's differ for some: it
// points at `:=` rather than the start of a named expression, at the `)` after a misplaced positional
// argument, and at the comma after a comprehension's first iterable.
constexpr const char* kLeadingZeros =
    "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";

TEST(PythonSyntax, ExpressionAndSignatureErrorsTheGrammarAcceptsAreE999) {
  const Invalid cases[] = {
      {"f(x=1, y)\n", 1, 8, "SyntaxError: positional argument follows keyword argument"},
      {"f(x=1,\n  y)\n", 2, 3, "SyntaxError: positional argument follows keyword argument"},
      {"f(a, **k, y)\n", 1, 11, "SyntaxError: positional argument follows keyword argument unpacking"},
      {"f(**k, *a)\n", 1, 8, "SyntaxError: iterable argument unpacking follows keyword argument unpacking"},
      {"[a for a in b, c]\n", 1, 16, "SyntaxError: invalid syntax"},
      {"f(a for a in b, c)\n", 1, 3, "SyntaxError: Generator expression must be parenthesized"},
      {"a := 1\n", 1, 1, "SyntaxError: invalid syntax"},
      {"x = a := 1\n", 1, 5, "SyntaxError: invalid syntax"},
      {"def g():\n    return a := 1\n", 2, 12, "SyntaxError: invalid syntax"},
      {"f(x=a:=1)\n", 1, 5, "SyntaxError: invalid syntax"},
      {"assert a := 1\n", 1, 8, "SyntaxError: invalid syntax"},
      {"with a := b: pass\n", 1, 6, "SyntaxError: invalid syntax"},
      {"for x in a := b: pass\n", 1, 10, "SyntaxError: invalid syntax"},
      {"{a := 1: 2}\n", 1, 2, "SyntaxError: invalid syntax"},
      {"def g():\n    x = (yield a := 1)\n", 2, 16, "SyntaxError: invalid syntax"},
      {"lambda: a := 1\n", 1, 1, "SyntaxError: cannot use assignment expressions with lambda"},
      {"del f()\n", 1, 5, "SyntaxError: cannot delete function call"},
      {"del a, (b, 1)\n", 1, 12, "SyntaxError: cannot delete literal"},
      {"del *a\n", 1, 5, "SyntaxError: cannot delete starred"},
      {"(a, b) += 1\n", 1, 1, "SyntaxError: 'tuple' is an illegal expression for augmented assignment"},
      {"(a,) += 1\n", 1, 1, "SyntaxError: 'tuple' is an illegal expression for augmented assignment"},
      {"[a, b] += 1\n", 1, 1, "SyntaxError: 'list' is an illegal expression for augmented assignment"},
      {"with a as (b, f()): pass\n", 1, 15, "SyntaxError: cannot assign to function call"},
      {"with a as 1: pass\n", 1, 11, "SyntaxError: cannot assign to literal"},
      {"def f(a=1, b): pass\n", 1, 12, "SyntaxError: non-default argument follows default argument"},
      {"def f(a=1, /, b): pass\n", 1, 15, "SyntaxError: non-default argument follows default argument"},
      {"def f(*, **k): pass\n", 1, 7, "SyntaxError: named arguments must follow bare *"},
      {"lambda *: 0\n", 1, 8, "SyntaxError: named arguments must follow bare *"},
      {"x = u'a' b'c'\n", 1, 5, "SyntaxError: cannot mix bytes and nonbytes literals"},
      {"x = 0777\n", 1, 5, kLeadingZeros},  // Python 2's octal
      {"x = 0_7\n", 1, 5, kLeadingZeros},
      {"x = 01L\n", 1, 5, kLeadingZeros},
      {"f'{x!z}'\n", 1, 5, "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'"},
  };
  for (const auto& c : cases) expect_only_e999(c);
}

TEST(PythonSyntax, ValidExpressionsAndSignaturesAreNotErrors) {
  const char* valid[] = {
      "f(x=1, *a)\n", "f(*a, **k, x=1)\n", "f(*a, *b, c=1, **d, e=2, **f)\n", "f(a, \\\n  b=1)\n",
      "f((a for a in b), c)\n", "f(a for a in b)\n", "x = [a for a in (b, c)]\n",
      "x = [a for a in \\\n     b]\n",
      "with (a := b): pass\n", "with (open(x) as f, g as h): pass\n", "if (n := 10) > 5: pass\n",
      "f(a := 1)\n", "x = [y := 1, y]\n", "x = {(a := 1): 2}\n", "f(x=(a := 1))\n", "lambda: (a := 1)\n",
      "a[b := 1, c]\n", "while a := f(): pass\n", "x = {a := 1}\n",
      "del (a), [b], c.d, e[0]\n", "del ()\n", "del a,\n",
      "(x) += 1\n", "((x)) += 1\n", "(a.b) += 1\n", "x[0] += 1\n",
      "with a as (b, *c): pass\n", "with a as [b, c.d, e[0]]: pass\n",
      "def f(a, *, b=1): pass\n", "def f(a=1, *b, c): pass\n", "def f(*a, b=1, **k): pass\n",
      "def f(a, /): pass\n", "def f(*, a: int, **k): pass\n", "def f(a=1, *, b, c=2, d): pass\n",
      "lambda *a, b=1: 0\n", "lambda *, a: 0\n",
      "x = rb'a' b'c'\n", "x = 'a' f'c'\n", "x = f'{a!r:>10}' f'{b!s}{c!a}'\n",
      "x = [00, 0_0, 07j, 07.5, 0e0, 0x7, 0o7, 0b1]\n",
  };
  for (const char* text : valid) expect_no_syntax_error(text);
}

// The grammar takes a starred element of an unparenthesized tuple only when it is a name, an
// attribute or a subscript; Python takes any expression there (Parser::parse's repair).
TEST(PythonSyntax, StarredTupleElementsTheGrammarRejectsAreValid) {
  const char* valid[] = {
      "host, *rest = endpoint, *[]\n", "x = c, *[]\n", "x = *[], c\n", "x = a, *[], *(b)\n",
      "x = [a, *[]], *(b)\n", "x += a, *{}\n", "x: int = a, *[1]\n", "x = y = a, *()\n",
      "a, *[], b\n", "*[], b\n", "x = a, *-b\n", "x = f(a, *b), *[c]\n", "x = '*', *[]\n",
      "for x in a, *[]:\n    pass\n", "def f():\n    return c, *(d)\n", "def g():\n    yield a, *[b]\n",
  };
  for (const char* text : valid) expect_no_syntax_error(text);
  // Still errors: where Python takes no starred element, or nothing but one.
  const char* invalid[] = {"x = *[]\n", "del a, *[]\n", "assert a, *[]\n", "if a, *[]:\n    pass\n",
                           "x = a, *not b\n", "x = a *, b\n", "x = a, * b c\n"};
  for (const char* text : invalid) EXPECT_TRUE(lint_text(text).syntax_error) << text;
  // The rest of the file is analysed.
  LintResult r = lint_text("import numpy as np\nhost, *rest = endpoint, *[]\nx = np.zeros(n)\n");
  ASSERT_FALSE(r.syntax_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "MEM301");
}

// A line inside brackets less indented than the statement it continues: Python ignores where it
// starts, the grammar's scanner ended the block there when no closing bracket could come next
// (Parser::parse's repair). Each text compiles with CPython 3.11.
TEST(PythonSyntax, LinesInsideBracketsMayStartLeftOfTheirStatement) {
  const char* valid[] = {
      "def f():\n    y = (1 +\n  2)\n    return y\n",
      "class A:\n    def f(self):\n        y = (1 +\n  2)\n        return y\n",
      "def f():\n    y = f(a=\n 1)\n    return y\n",
      "def f():\n    y = [x for\n  x in z]\n    return y\n",
      "def f():\n    y = (1 +\n  # c\n         2)\n    return y\n",
      "def f():\n    y = (1 +\n# c\n         2)\n    return y\n",
      "if a:\n    if b:\n        y = (1 +\n\t2)\n    z = 3\n",
      "def f():\n    return (a and\r\n  b)\r\n",
  };
  for (const char* text : valid) expect_no_syntax_error(text);
  // Still errors: an indentation error outside brackets, a bracket closed too soon.
  const char* invalid[] = {"def f():\n    y = (1 +\n  2)\n  return y\n", "def f():\n    y = (1 +)\n  2\n"};
  for (const char* text : invalid) EXPECT_TRUE(lint_text(text).syntax_error) << text;
  // The rest of the file is analysed.
  LintResult r = lint_text("import numpy as np\ndef f(n):\n    y = (n +\n  1)\n    return np.zeros(y)\n");
  ASSERT_FALSE(r.syntax_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "MEM301");
}

TEST(PythonSyntax, RulesDoNotRunOnAFileWithALayoutError) {
  // Linted as if valid, the file would give MEM301 (and --fix would rewrite it).
  LintResult r = lint_text("import numpy as np\nx = 1\n    y = np.ones(n)\n");
  ASSERT_TRUE(r.syntax_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E999");
}

TEST(PythonSyntax, AnErrorNodeIsReportedAtItsLastTokenOnItsFirstLine) {
  // As Python: the second `=`, and the `y`.
  const Invalid cases[] = {
      {"x = = 1\n", 1, 5, "SyntaxError: invalid syntax"},
      {"if x y\n    pass\n", 1, 6, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// When the text up to the error node's token starts a valid program, Python fails at the next
// token: the one after it on the line, or the NEWLINE token where the line is cut short (after the
// blanks, at a comment, a line break or the end). Each case was checked against CPython 3.11's
// compile(), row and column.
TEST(PythonSyntax, ALineCutShortIsAnErrorAtItsEndAsInPython) {
  const Invalid cases[] = {
      {"a = 1 +\n", 1, 8, "SyntaxError: invalid syntax"},
      {"x = \n", 1, 5, "SyntaxError: invalid syntax"},
      {"x =   \n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = # c\n", 1, 5, "SyntaxError: invalid syntax"},
      {"a = b.\n", 1, 7, "SyntaxError: invalid syntax"},
      {"f(x).y.\n", 1, 8, "SyntaxError: invalid syntax"},
      {"x = (1 + 2) +\n", 1, 14, "SyntaxError: invalid syntax"},
      {"import\n", 1, 7, "SyntaxError: invalid syntax"},
      {"import a as\n", 1, 12, "SyntaxError: invalid syntax"},
      {"from\n", 1, 5, "SyntaxError: invalid syntax"},
      {"from . import\n", 1, 14, "SyntaxError: invalid syntax"},
      {"x = 1 and\n", 1, 10, "SyntaxError: invalid syntax"},
      {"x = not\n", 1, 8, "SyntaxError: invalid syntax"},
      {"x = a not\n", 1, 10, "SyntaxError: invalid syntax"},
      {"x = a is not\n", 1, 13, "SyntaxError: invalid syntax"},
      {"x = lambda\n", 1, 11, "SyntaxError: invalid syntax"},
      {"x = y if\n", 1, 9, "SyntaxError: invalid syntax"},
      {"x = 1 if y else\n", 1, 16, "SyntaxError: invalid syntax"},
      {"x = yield from\n", 1, 15, "SyntaxError: invalid syntax"},
      {"x: int =\n", 1, 9, "SyntaxError: invalid syntax"},
      {"x = *\n", 1, 6, "SyntaxError: invalid syntax"},
      {"del\n", 1, 4, "SyntaxError: invalid syntax"},
      {"for\n", 1, 4, "SyntaxError: invalid syntax"},
      {"def\n", 1, 4, "SyntaxError: invalid syntax"},
      {"class\n", 1, 6, "SyntaxError: invalid syntax"},
      {"with a as\n", 1, 10, "SyntaxError: invalid syntax"},
      {"if x:\n    y = \nz = 1\n", 2, 9, "SyntaxError: invalid syntax"},
      // A conditional expression cut short before its `else`: from its start to the condition's end.
      {"x = 1 if y\n", 1, 5, "SyntaxError: expected 'else' after 'if' expression"},
      {"x = a + b if c  # c\ny = 2\n", 1, 5, "SyntaxError: expected 'else' after 'if' expression"},
      {"x = lambda: a if b\n", 1, 13, "SyntaxError: expected 'else' after 'if' expression"},
      {"print(x) if y.z\n", 1, 1, "SyntaxError: expected 'else' after 'if' expression"},
      // The token that cannot follow a complete statement.
      {"x = 1 2\n", 1, 7, "SyntaxError: invalid syntax"},
      {"return x y\n", 1, 10, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// A compound statement's header without its colon: CPython's "expected ':'" at its NEWLINE token
// (after the blanks that follow the header's last token), when a copy with the colon put in
// parses up to the header's end (analyze_text: missing_colon_error). Checked against CPython
// 3.11's compile().
TEST(PythonSyntax, AHeaderWithoutItsColonIsExpectedColonAsInPython) {
  const Invalid cases[] = {
      {"if x\n    pass\n", 1, 5, "SyntaxError: expected ':'"},
      {"def f(a)\n    return a\n", 1, 9, "SyntaxError: expected ':'"},
      {"class A\n    pass\n", 1, 8, "SyntaxError: expected ':'"},
      {"while True\n    pass\n", 1, 11, "SyntaxError: expected ':'"},
      {"with open(p) as f\n  pass\n", 1, 18, "SyntaxError: expected ':'"},
      {"try\n    pass\nexcept E\n    pass\n", 1, 4, "SyntaxError: expected ':'"},
      {"for x in y:\n  pass\nelse\n  pass\n", 3, 5, "SyntaxError: expected ':'"},
      {"if x:\n  pass\nelif y\n  pass\n", 3, 7, "SyntaxError: expected ':'"},
      {"for x in range(10)\n  print(x)\n", 1, 19, "SyntaxError: expected ':'"},
      {"async def f(a)\n  pass\n", 1, 15, "SyntaxError: expected ':'"},
      {"async def f():\n  async with a as b\n    pass\n", 2, 20, "SyntaxError: expected ':'"},
      {"async def f():\n  async for x in y\n    pass\n", 2, 19, "SyntaxError: expected ':'"},
      {"try:\n  pass\nexcept E as e\n  pass\n", 3, 14, "SyntaxError: expected ':'"},
      {"try:\n  pass\nexcept\n  pass\n", 3, 7, "SyntaxError: expected ':'"},
      {"try:\n  pass\nexcept* E\n  pass\n", 3, 10, "SyntaxError: expected ':'"},
      {"try:\n  pass\nfinally\n  pass\n", 3, 8, "SyntaxError: expected ':'"},
      {"try:\n  pass\nexcept E:\n  pass\nelse\n  pass\n", 5, 5, "SyntaxError: expected ':'"},
      {"while x:\n  pass\nelse\n  pass\n", 3, 5, "SyntaxError: expected ':'"},
      {"if x:\n  pass\nelif y:\n  pass\nelse\n  pass\n", 5, 5, "SyntaxError: expected ':'"},
      {"if x:\n    pass\nelif y\nelse:\n  pass\n", 3, 7, "SyntaxError: expected ':'"},
      {"match x\n  case 1:\n    pass\n", 1, 8, "SyntaxError: expected ':'"},
      {"match x:\n  case 1\n    pass\n", 2, 9, "SyntaxError: expected ':'"},
      {"match x:\n  case 1 if y\n    pass\n", 2, 14, "SyntaxError: expected ':'"},
      {"match x:\n  case 1:\n    pass\n  case _\n    pass\n", 4, 9, "SyntaxError: expected ':'"},
      // Nested, decorated, after other statements; annotations and bases.
      {"def f():\n    if x\n        pass\n", 2, 9, "SyntaxError: expected ':'"},
      {"class A:\n  def f(self)\n    pass\n", 2, 14, "SyntaxError: expected ':'"},
      {"class A:\n  x = 1\n  def f(self) -> \"A\"\n    return self\n", 3, 21, "SyntaxError: expected ':'"},
      {"@d\ndef f()\n  pass\n", 2, 8, "SyntaxError: expected ':'"},
      {"x = 1\nif x == 1\n  y = 2\n", 2, 10, "SyntaxError: expected ':'"},
      {"def f(a) -> int\n  pass\n", 1, 16, "SyntaxError: expected ':'"},
      {"class A(B, metaclass=M)\n  pass\n", 1, 24, "SyntaxError: expected ':'"},
      {"with (a as b, c as d)\n  pass\n", 1, 22, "SyntaxError: expected ':'"},
      {"if True\n    print(\"a\")\nelse:\n    print(\"b\")\n", 1, 8, "SyntaxError: expected ':'"},
      {"if x\n  def g(): pass\n", 1, 5, "SyntaxError: expected ':'"},
      // Colons inside brackets, strings and the walrus are not the header's.
      {"if x[1:2]\n  pass\n", 1, 10, "SyntaxError: expected ':'"},
      {"if \"a:b\"\n  pass\n", 1, 9, "SyntaxError: expected ':'"},
      {"if y := 1\n  pass\n", 1, 10, "SyntaxError: expected ':'"},
      // The NEWLINE token: after trailing blanks, at a comment, over continued lines.
      {"if x  # c\n  pass\n", 1, 7, "SyntaxError: expected ':'"},
      {"if x\t\n  pass\n", 1, 6, "SyntaxError: expected ':'"},
      {"if x\r\n    pass\r\n", 1, 5, "SyntaxError: expected ':'"},
      {"if (x and\n    y)\n  pass\n", 2, 7, "SyntaxError: expected ':'"},
      {"if x \\\n  and y\n  pass\n", 2, 8, "SyntaxError: expected ':'"},
      {"class A(\n  B)\n  pass\n", 2, 5, "SyntaxError: expected ':'"},
      {"if x\n", 1, 5, "SyntaxError: expected ':'"},
      {"if \u00e9\n  pass\n", 1, 5, "SyntaxError: expected ':'"},
      // CPython's parser stops at the header first: later errors do not count, except the
      // tokenizer's own.
      {"if x\n  pass\nx = = 1\n", 1, 5, "SyntaxError: expected ':'"},
      {"if x\n  pass\n  y = (\n", 1, 5, "SyntaxError: expected ':'"},
      {"if x\n\tpass\n        pass\n", 1, 5, "SyntaxError: expected ':'"},
      {"if x\n  pass\ns = \"abc\n", 3, 5, "SyntaxError: unterminated string literal (detected at line 3)"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// Where the colon is not all the header lacks, or an error comes first, the message stays.
// CPython agrees on the first eight; on the rest it says something the engine does not know
// (`if x = 1`: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?" at 1:4; `except
// E, e`: 3:9; `def f(a) x:` and `try x:`: "expected ':'" at the token after the header; `print
// "a"`: "Missing parentheses in call to 'print'..." at 1:1).
TEST(PythonSyntax, AHeaderWithOtherErrorsKeepsItsMessage) {
  const Invalid cases[] = {
      {"if x y\n  pass\n", 1, 6, "SyntaxError: invalid syntax"},
      {"if x pass\n", 1, 6, "SyntaxError: invalid syntax"},
      {"if x;\n  pass\n", 1, 5, "SyntaxError: invalid syntax"},
      {"for x y\n  pass\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = = 1\nif x\n  pass\n", 1, 5, "SyntaxError: invalid syntax"},
      {"elif x\n  pass\n", 1, 1, "SyntaxError: invalid syntax"},
      {"else\n  pass\n", 1, 1, "SyntaxError: invalid syntax"},
      {"if x:\n  pass\n  else\n  pass\n", 3, 3, "SyntaxError: invalid syntax"},
      {"if x = 1\n  pass\n", 1, 8, "SyntaxError: invalid syntax"},
      {"try:\n  pass\nexcept E, e\n  pass\n", 1, 4, "SyntaxError: invalid syntax"},
      {"def f(a) x:\n  pass\n", 1, 10, "SyntaxError: invalid syntax"},
      {"try x:\n  pass\n", 1, 1, "SyntaxError: invalid syntax"},
      // Python stops at the line before the header, as its first error
      {"print \"a\"\nif x\n  pass\n", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

TEST(PythonSyntax, ALoneCarriageReturnEndsALine) {
  // Python reads "\r" alone as a line break; the grammar alone would read it as a blank.
  for (const char* text : {"x = 1\ry = 2\r", "if x:\r    y = 2\r    z = 3\rw = 4", "def f():\r\r    return 1\r",
                           "x = 1\r\ny = 2\rz = 3\n", "s = '''a\rb'''\r"}) {
    LintResult r = lint_text(text);
    EXPECT_FALSE(r.syntax_error) << text << "\n" << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  }
  expect_only_e999({"x = 1\r    y = 2\r", 2, 5, "IndentationError: unexpected indent"});
  expect_only_e999({"s = 'a\rb'\r", 1, 5, "SyntaxError: unterminated string literal (detected at line 1)"});
  // Findings are at Python's rows.
  LintResult r = lint_text("import numpy as np\rdef f(n):\r    return np.zeros(n)\r");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "MEM301");
  EXPECT_EQ(r.diagnostics[0].location.row, 3u);
  EXPECT_EQ(r.diagnostics[0].location.column, 12u);
}

TEST(PythonSyntax, ReservedWordsAreKnownByTheirWholeName) {
  for (const char* word : {"else", "if", "in", "False", "None", "True", "nonlocal", "continue", "await", "yield"})
    EXPECT_TRUE(is_reserved_word(word)) << word;
  for (const char* name : {"self", "elsewhere", "iff", "match", "case", "type", "_", "print", "exec", "none", "e"})
    EXPECT_FALSE(is_reserved_word(name)) << name;
  // Python's keyword.kwlist, each also read in place: the first-letter screen must let all through.
  for (const char* word : {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                           "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
                           "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
                           "return", "try", "while", "with", "yield"}) {
    EXPECT_TRUE(is_reserved_word(word)) << word;
    EXPECT_TRUE(is_reserved_word_at("x = " + std::string(word) + "\n", 4)) << word;
  }
  EXPECT_TRUE(is_reserved_word_at("x = else + 1", 4));
  EXPECT_FALSE(is_reserved_word_at("x = elsewhere", 4));
  EXPECT_FALSE(is_reserved_word_at("x = elseé", 4));  // the name runs on through é
  EXPECT_FALSE(is_reserved_word_at("x = in", 7));      // past the end
}


// What CPython's compiler refuses after its parser accepted it (compile_errors.h). Each text was
// compiled by CPython 3.11.7, which gave these rows, columns and messages.
TEST(PythonSyntax, CompileErrorsAreE999) {
  const Invalid cases[] = {
      {"def f():\n    return [x async for x in y]\n", 2, 12, "SyntaxError: asynchronous comprehension outside of an asynchronous function"},
      {"def f():\n    async for x in y:\n        pass\n", 2, 5, "SyntaxError: 'async for' outside async function"},
      {"async for x in y:\n    pass\n", 1, 1, "SyntaxError: 'async for' outside async function"},
      {"async def f():\n    yield 1\n    return 2\n", 3, 5, "SyntaxError: 'return' with value in async generator"},
      {"def f():\n    async with x:\n        pass\n", 2, 5, "SyntaxError: 'async with' outside async function"},
      {"class C:\n    await x\n", 2, 5, "SyntaxError: 'await' outside function"},
      {"def f():\n    return [await x for x in y]\n", 2, 12, "SyntaxError: asynchronous comprehension outside of an asynchronous function"},
      {"[await x for x in y]\n", 1, 1, "SyntaxError: asynchronous comprehension outside of an asynchronous function"},
      {"def f():\n    await x\n", 2, 5, "SyntaxError: 'await' outside async function"},
      {"async def f():\n    g = lambda: await x\n", 2, 17, "SyntaxError: 'await' outside async function"},
      {"await x\n", 1, 1, "SyntaxError: 'await' outside function"},
      {"for x in y:\n    class C:\n        break\n", 3, 9, "SyntaxError: 'break' outside loop"},
      {"def f():\n    break\n", 2, 5, "SyntaxError: 'break' outside loop"},
      {"for x in y:\n    def f():\n        break\n", 3, 9, "SyntaxError: 'break' outside loop"},
      {"for x in y:\n    pass\nelse:\n    break\n", 4, 5, "SyntaxError: 'break' outside loop"},
      {"break\n", 1, 1, "SyntaxError: 'break' outside loop"},
      {"while x:\n    pass\nelse:\n    break\n", 4, 5, "SyntaxError: 'break' outside loop"},
      {"def f():\n    continue\n", 2, 5, "SyntaxError: 'continue' not properly in loop"},
      {"for x in y:\n    pass\nelse:\n    continue\n", 4, 5, "SyntaxError: 'continue' not properly in loop"},
      {"__debug__ = 1\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"x.__debug__ = 1\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"__debug__ += 1\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"def __debug__():\n    pass\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"del __debug__\n", 1, 5, "SyntaxError: cannot delete __debug__"},
      {"for __debug__ in x:\n    pass\n", 1, 5, "SyntaxError: cannot assign to __debug__"},
      {"import __debug__\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"import os as __debug__\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"f(__debug__=1)\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"def f(__debug__):\n    pass\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"def f(a, b, a):\n    pass\n", 1, 13, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a, a=1):\n    pass\n", 1, 10, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a, **a):\n    pass\n", 1, 12, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a, *, a):\n    pass\n", 1, 13, "SyntaxError: duplicate argument 'a' in function definition"},
      {"f = lambda a, a: 0\n", 1, 15, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a, /, a):\n    pass\n", 1, 13, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a, *a):\n    pass\n", 1, 11, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def f(a: int, a: int):\n    pass\n", 1, 15, "SyntaxError: duplicate argument 'a' in function definition"},
      {"'''doc'''\n'''again'''\nfrom __future__ import annotations\n", 3, 1, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"from __future__ import braces\n", 1, 1, "SyntaxError: not a chance"},
      {"import os\nfrom __future__ import annotations\n", 2, 1, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"from __future__ import nonsense\n", 1, 1, "SyntaxError: future feature nonsense is not defined"},
      {"def f():\n    x = 1\n    global x\n", 3, 5, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"def f():\n    print(x)\n    global x\n", 3, 5, "SyntaxError: name 'x' is used prior to global declaration"},
      {"def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n", 4, 9, "SyntaxError: name 'x' is nonlocal and global"},
      {"def f():\n    global x\n    x: int = 1\n", 3, 5, "SyntaxError: annotated name 'x' can't be global"},
      {"def f():\n    x: int\n    global x\n", 3, 5, "SyntaxError: annotated name 'x' can't be global"},
      {"x = 1\nglobal x\n", 2, 1, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"def f(x):\n    global x\n", 2, 5, "SyntaxError: name 'x' is parameter and global"},
      {"class C:\n    from os import *\n", 2, 20, "SyntaxError: import * only allowed at module level"},
      {"def f():\n    from os import *\n", 2, 20, "SyntaxError: import * only allowed at module level"},
      {"f(a=1, a=2)\n", 1, 8, "SyntaxError: keyword argument repeated: a"},
      {"class C(metaclass=A, metaclass=B):\n    pass\n", 1, 22, "SyntaxError: keyword argument repeated: metaclass"},
      {"match x:\n    case y:\n        pass\n    case 1:\n        pass\n", 2, 10, "SyntaxError: name capture 'y' makes remaining patterns unreachable"},
      {"match x:\n    case _:\n        pass\n    case 1:\n        pass\n", 2, 10, "SyntaxError: wildcard makes remaining patterns unreachable"},
      {"def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x\n", 5, 9, "SyntaxError: name 'x' is assigned to before nonlocal declaration"},
      {"class C:\n    x = 1\n    def g(self):\n        nonlocal x\n", 4, 9, "SyntaxError: no binding for nonlocal 'x' found"},
      {"nonlocal x\n", 1, 1, "SyntaxError: nonlocal declaration not allowed at module level"},
      {"def f():\n    nonlocal x\n", 2, 5, "SyntaxError: no binding for nonlocal 'x' found"},
      {"x = 1\ndef f():\n    nonlocal x\n", 3, 5, "SyntaxError: no binding for nonlocal 'x' found"},
      {"def f():\n    x = 1\n    def g(x):\n        nonlocal x\n", 4, 9, "SyntaxError: name 'x' is parameter and nonlocal"},
      {"def f():\n    global x\n    def g():\n        nonlocal x\n", 4, 9, "SyntaxError: no binding for nonlocal 'x' found"},
      {"class C:\n    return 1\n", 2, 5, "SyntaxError: 'return' outside function"},
      {"x = 1\nreturn x\n", 2, 1, "SyntaxError: 'return' outside function"},
      {"return 1\nclass C:\n    yield 1\n", 1, 1, "SyntaxError: 'return' outside function"},
      {"x = *a\n", 1, 5, "SyntaxError: can't use starred expression here"},
      {"for *a in b:\n    pass\n", 1, 5, "SyntaxError: starred assignment target must be in a list or tuple"},
      {"*a = b\n", 1, 1, "SyntaxError: starred assignment target must be in a list or tuple"},
      {"*a, *b = c\n", 1, 1, "SyntaxError: multiple starred expressions in assignment"},
      {"def f():\n    break\ndef g(a, a):\n    pass\n", 3, 10, "SyntaxError: duplicate argument 'a' in function definition"},
      {"def g(a, a):\n    pass\nfrom __future__ import x\n", 1, 10, "SyntaxError: duplicate argument 'a' in function definition"},
      {"class C:\n    [(y := x) for x in z]\n", 2, 7, "SyntaxError: assignment expression within a comprehension cannot be used in a class body"},
      {"[x for x in (y := z)]\n", 1, 14, "SyntaxError: assignment expression cannot be used in a comprehension iterable expression"},
      {"[x := 1 for x in y]\n", 1, 2, "SyntaxError: assignment expression cannot rebind comprehension iteration variable 'x'"},
      {"class C:\n    x = yield\n", 2, 9, "SyntaxError: 'yield' outside function"},
      {"def f():\n    return {x: (yield x) for x in y}\n", 2, 17, "SyntaxError: 'yield' inside dict comprehension"},
      {"x = yield from y\n", 1, 5, "SyntaxError: 'yield' outside function"},
      {"def f():\n    return list((yield x) for x in y)\n", 2, 18, "SyntaxError: 'yield' inside generator expression"},
      {"def f():\n    return [(yield x) for x in y]\n", 2, 14, "SyntaxError: 'yield' inside list comprehension"},
      {"yield 1\n", 1, 1, "SyntaxError: 'yield' outside function"},
      {"def f():\n    return [x for z in a for x in (yield z)]\n", 2, 36, "SyntaxError: 'yield' inside list comprehension"},
      {"def f():\n    return {(yield x) for x in y}\n", 2, 14, "SyntaxError: 'yield' inside set comprehension"},
      {"def f():\n    return [[x async for x in y] for z in w]\n", 2, 12, "SyntaxError: asynchronous comprehension outside of an asynchronous function"},
      {"async def f():\n    class C:\n        async for x in y:\n            pass\n", 3, 9, "SyntaxError: 'async for' outside async function"},
      {"x += *a\n", 1, 6, "SyntaxError: can't use starred expression here"},
      {"async def f():\n    class C:\n        await x\n", 3, 9, "SyntaxError: 'await' outside function"},
      {"for x in y:\n    z = [1 for a in b if (break)]\n", 2, 27, "SyntaxError: invalid syntax"},
      {"__debug__: int = 1\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"a, b.__debug__ = 1, 2\n", 1, 4, "SyntaxError: cannot assign to __debug__"},
      {"class __debug__:\n    pass\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"y = [1 for __debug__ in x]\n", 1, 12, "SyntaxError: cannot assign to __debug__"},
      {"@dec\ndef __debug__():\n    pass\n", 2, 1, "SyntaxError: cannot assign to __debug__"},
      {"try:\n    pass\nexcept E as __debug__:\n    pass\n", 3, 1, "SyntaxError: cannot assign to __debug__"},
      {"from os import path as __debug__\n", 1, 1, "SyntaxError: cannot assign to __debug__"},
      {"x = f(__debug__=1)\n", 1, 5, "SyntaxError: cannot assign to __debug__"},
      {"x = g(1,\n      f(__debug__=1))\n", 2, 7, "SyntaxError: cannot assign to __debug__"},
      {"x = (lambda __debug__: 1)\n", 1, 6, "SyntaxError: cannot assign to __debug__"},
      {"match x:\n    case __debug__:\n        pass\n", 2, 10, "SyntaxError: cannot assign to __debug__"},
      {"x = 1\nif x:\n    def f(a, __debug__=2):\n        pass\n", 3, 5, "SyntaxError: cannot assign to __debug__"},
      {"*__debug__, a = b\n", 1, 2, "SyntaxError: cannot assign to __debug__"},
      {"a, __debug__ = 1, 2\n", 1, 4, "SyntaxError: cannot assign to __debug__"},
      {"x = (__debug__ := 1)\n", 1, 6, "SyntaxError: cannot assign to __debug__"},
      {"with a as __debug__:\n    pass\n", 1, 11, "SyntaxError: cannot assign to __debug__"},
      {"b'doc'\nfrom __future__ import annotations\n", 2, 1, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"f'doc'\nfrom __future__ import annotations\n", 2, 1, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"from __future__ import annotations as a, nope\n", 1, 1, "SyntaxError: future feature nope is not defined"},
      {"def f():\n    from __future__ import annotations\n", 2, 5, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"from __future__ import annotations; import os\nfrom __future__ import division\n", 2, 1, "SyntaxError: from __future__ imports must occur at the beginning of the file"},
      {"def f():\n    x += 1\n    global x\n", 3, 5, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"def f():\n    [y for y in x]\n    global x\n", 3, 5, "SyntaxError: name 'x' is used prior to global declaration"},
      {"def f():\n    del x\n    global x\n", 3, 5, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"def f():\n    for x in y: pass\n    global x\n", 3, 5, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"class C:\n    x = 1\n    global x\n", 3, 5, "SyntaxError: name 'x' is assigned to before global declaration"},
      {"f(a=1, **k, a=2)\n", 1, 13, "SyntaxError: keyword argument repeated: a"},
      {"f(a=1, b=2, a=3)\n", 1, 13, "SyntaxError: keyword argument repeated: a"},
      {"match x:\n    case (_):\n        pass\n    case 1:\n        pass\n", 2, 11, "SyntaxError: wildcard makes remaining patterns unreachable"},
      {"def f():\n    [x for x in y]\n    def g():\n        nonlocal x\n", 4, 9, "SyntaxError: no binding for nonlocal 'x' found"},
      {"def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n", 5, 9, "SyntaxError: name 'x' is used prior to nonlocal declaration"},
      {"def f():\n    return *a\n", 2, 12, "SyntaxError: can't use starred expression here"},
      {"[x for *x in y]\n", 1, 8, "SyntaxError: starred assignment target must be in a list or tuple"},
      {"[*a, *b] = c\n", 1, 1, "SyntaxError: multiple starred expressions in assignment"},
      {"[*a, *b] = c\n", 1, 1, "SyntaxError: multiple starred expressions in assignment"},
      {"(*a, *b), c = d\n", 1, 1, "SyntaxError: multiple starred expressions in assignment"},
      {"with a as (*b, *c):\n    pass\n", 1, 11, "SyntaxError: multiple starred expressions in assignment"},
      // `case` patterns
      {"match x:\n    case [a] as a:\n        pass\n", 2, 11, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case _ as y:\n        pass\n    case 1:\n        pass\n", 2, 10, "SyntaxError: wildcard makes remaining patterns unreachable"},
      {"match x:\n    case y:\n        pass\n    case _:\n        pass\n", 2, 10, "SyntaxError: name capture 'y' makes remaining patterns unreachable"},
      {"match x:\n    case P(a, y=a):\n        pass\n", 2, 17, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case {'k': a, **a}:\n        pass\n", 2, 16, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case ((y)):\n        pass\n    case 1:\n        pass\n", 2, 12, "SyntaxError: name capture 'y' makes remaining patterns unreachable"},
      {"match x:\n    case [a, b] | [a]:\n        pass\n", 2, 20, "SyntaxError: alternative patterns bind different names"},
      {"match x:\n    case [a, (a | a)]:\n        pass\n", 2, 15, "SyntaxError: name capture 'a' makes remaining patterns unreachable"},
      {"match x:\n    case [a, (b | b)]:\n        pass\n", 2, 15, "SyntaxError: name capture 'b' makes remaining patterns unreachable"},
      {"match x:\n    case 1 | _:\n        pass\n    case 2:\n        pass\n", 2, 14, "SyntaxError: wildcard makes remaining patterns unreachable"},
      {"match x:\n    case a, a:\n        pass\n", 2, 13, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case [a, *a]:\n        pass\n", 2, 14, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case [*_, *_]:\n        pass\n", 2, 10, "SyntaxError: multiple starred names in sequence pattern"},
      {"match x:\n    case _:\n        pass\n    case _:\n        pass\n", 2, 10, "SyntaxError: wildcard makes remaining patterns unreachable"},
      {"match x:\n    case [a] | [b]:\n        pass\n", 2, 17, "SyntaxError: alternative patterns bind different names"},
      {"match x:\n    case [a, a]:\n        pass\n", 2, 14, "SyntaxError: multiple assignments to name 'a' in pattern"},
      {"match x:\n    case (y as z):\n        pass\n    case 1:\n        pass\n", 2, 11, "SyntaxError: name capture 'y' makes remaining patterns unreachable"},
      {"match x:\n    case 1 | y:\n        pass\n", 2, 14, "SyntaxError: alternative patterns bind different names"},
      // blocks open at once: loops, `with` items, `try` bodies, handlers, `finally`
      {"def f():\n    for x in y:\n        for x in y:\n            for x in y:\n                for x in y:\n                    for x in y:\n                        for x in y:\n                            for x in y:\n                                for x in y:\n                                    for x in y:\n                                        for x in y:\n                                            for x in y:\n                                                for x in y:\n                                                    for x in y:\n                                                        for x in y:\n                                                            for x in y:\n                                                                for x in y:\n                                                                    for x in y:\n                                                                        for x in y:\n                                                                            for x in y:\n                                                                                for x in y:\n                                                                                    for x in y:\n                                                                                        pass\n", 22, 85, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    try:\n        try:\n            try:\n                try:\n                    try:\n                        try:\n                            try:\n                                try:\n                                    try:\n                                        try:\n                                            try:\n                                                try:\n                                                    try:\n                                                        try:\n                                                            try:\n                                                                try:\n                                                                    try:\n                                                                        try:\n                                                                            try:\n                                                                                try:\n                                                                                    pass\n                                                                                except E:\n                                                                                    pass\n                                                                            except E:\n                                                                                pass\n                                                                        except E:\n                                                                            pass\n                                                                    except E:\n                                                                        pass\n                                                                except E:\n                                                                    pass\n                                                            except E:\n                                                                pass\n                                                        except E:\n                                                            pass\n                                                    except E:\n                                                        pass\n                                                except E:\n                                                    pass\n                                            except E:\n                                                pass\n                                        except E:\n                                            pass\n                                    except E:\n                                        pass\n                                except E:\n                                    pass\n                            except E:\n                                pass\n                        except E:\n                            pass\n                    except E:\n                        pass\n                except E:\n                    pass\n            except E:\n                pass\n        except E:\n            pass\n    except E:\n        pass\n", 23, 81, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    try:\n        try:\n            try:\n                try:\n                    try:\n                        try:\n                            try:\n                                try:\n                                    try:\n                                        try:\n                                            try:\n                                                try:\n                                                    try:\n                                                        try:\n                                                            try:\n                                                                try:\n                                                                    try:\n                                                                        try:\n                                                                            try:\n                                                                                try:\n                                                                                    try:\n                                                                                        pass\n                                                                                    except E:\n                                                                                        pass\n                                                                                except E:\n                                                                                    pass\n                                                                            except E:\n                                                                                pass\n                                                                        except E:\n                                                                            pass\n                                                                    except E:\n                                                                        pass\n                                                                except E:\n                                                                    pass\n                                                            except E:\n                                                                pass\n                                                        except E:\n                                                            pass\n                                                    except E:\n                                                        pass\n                                                except E:\n                                                    pass\n                                            except E:\n                                                pass\n                                        except E:\n                                            pass\n                                    except E:\n                                        pass\n                                except E:\n                                    pass\n                            except E:\n                                pass\n                        except E:\n                            pass\n                    except E:\n                        pass\n                except E:\n                    pass\n            except E:\n                pass\n        except E:\n            pass\n    except E:\n        pass\n", 22, 85, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    try:\n        pass\n    except E:\n        try:\n            pass\n        except E:\n            try:\n                pass\n            except E:\n                try:\n                    pass\n                except E:\n                    try:\n                        pass\n                    except E:\n                        try:\n                            pass\n                        except E:\n                            try:\n                                pass\n                            except E:\n                                try:\n                                    pass\n                                except E:\n                                    try:\n                                        pass\n                                    except E:\n                                        try:\n                                            pass\n                                        except E:\n                                            try:\n                                                pass\n                                            except E:\n                                                pass\n", 32, 45, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    try:\n        pass\n    finally:\n        try:\n            pass\n        finally:\n            try:\n                pass\n            finally:\n                try:\n                    pass\n                finally:\n                    try:\n                        pass\n                    finally:\n                        try:\n                            pass\n                        finally:\n                            try:\n                                pass\n                            finally:\n                                try:\n                                    pass\n                                finally:\n                                    try:\n                                        pass\n                                    finally:\n                                        try:\n                                            pass\n                                        finally:\n                                            try:\n                                                pass\n                                            finally:\n                                                try:\n                                                    pass\n                                                finally:\n                                                    try:\n                                                        pass\n                                                    finally:\n                                                        try:\n                                                            pass\n                                                        finally:\n                                                            try:\n                                                                pass\n                                                            finally:\n                                                                try:\n                                                                    pass\n                                                                finally:\n                                                                    try:\n                                                                        pass\n                                                                    finally:\n                                                                        try:\n                                                                            pass\n                                                                        finally:\n                                                                            try:\n                                                                                pass\n                                                                            finally:\n                                                                                try:\n                                                                                    pass\n                                                                                finally:\n                                                                                    try:\n                                                                                        pass\n                                                                                    finally:\n                                                                                        pass\n", 62, 85, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    while x:\n        while x:\n            while x:\n                while x:\n                    while x:\n                        while x:\n                            while x:\n                                while x:\n                                    while x:\n                                        while x:\n                                            while x:\n                                                while x:\n                                                    while x:\n                                                        while x:\n                                                            while x:\n                                                                while x:\n                                                                    while x:\n                                                                        while x:\n                                                                            while x:\n                                                                                while x:\n                                                                                    while x:\n                                                                                        pass\n", 22, 85, "SyntaxError: too many statically nested blocks"},
      {"def f():\n    with a, b:\n        with a, b:\n            with a, b:\n                with a, b:\n                    with a, b:\n                        with a, b:\n                            with a, b:\n                                with a, b:\n                                    with a, b:\n                                        with a, b:\n                                            with a, b:\n                                                pass\n", 12, 45, "SyntaxError: too many statically nested blocks"},
      // `del x[0]` reads x: used, not assigned, before the declaration
      {"def f():\n    del x[0]\n    global x\n", 3, 5, "SyntaxError: name 'x' is used prior to global declaration"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// Their neighbours that compile: nothing to report.
TEST(PythonSyntax, WhatCompilesHasNoCompileError) {
  const char* cases[] = {
      "async def f():\n    return [x async for x in y]\n",
      "async def f():\n    yield 1\n    return\n",
      "def f():\n    return (x async for x in y)\n",
      "async def f():\n    await x\n",
      "async def f():\n    return [await x for x in y]\n",
      "def f():\n    return (await x for x in y)\n",
      "while a:\n    for x in y:\n        pass\n    else:\n        break\n",
      "for x in y:\n    if x:\n        break\n",
      "for x in y:\n    match x:\n        case 1:\n            break\n",
      "for x in y:\n    try:\n        pass\n    finally:\n        break\n",
      "while x:\n    continue\n",
      "print(__debug__)\n",
      "'''doc'''\nfrom __future__ import annotations\nfrom __future__ import division\n",
      "global x\nx = 1\n",
      "f(a=1, **{'a': 2})\n",
      "match x:\n    case [a] | [a]:\n        pass\n    case _:\n        pass\n",
      "def f():\n    x = 1\n    class C:\n        nonlocal x\n",
      "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n",
      "def f(x):\n    def g():\n        nonlocal x\n",
      "def f():\n    x = 1\n    class C:\n        def g(self):\n            nonlocal x\n",
      "def f():\n    x = 1\n    def g():\n        nonlocal x\n        def h():\n            nonlocal x\n",
      "f = lambda: 1\n",
      "(*a, b), *c = d\n",
      "*a, b = c\n",
      "[(y := x) for x in z]\n",
      "def f():\n    return [x for x in (yield y)]\n",
      "f = lambda: (yield)\n",
      "async def g():\n    def f(x=await y):\n        pass\n",
      "def f():\n    return ([await x for x in y] for z in w)\n",
      "del x.__debug__\n",
      "def f():\n    global __debug__\n",
      "'a' 'b'\nfrom __future__ import annotations\n",
      "# hi\n\n'''doc'''\n# c\nfrom __future__ import annotations\n",
      "from __future__ import (annotations,\n    division)\n",
      "(await x for x in y)\n",
      "def f():\n    [x for y in z]\n    global x\n",
      "def f():\n    import x\n    global x\n",
      "def f():\n    def g():\n        return x\n    global x\n",
      "f(a=g(a=2), b=1)\n",
      "match x:\n    case 1:\n        pass\n    case y:\n        pass\n",
      "match x:\n    case _ if y:\n        pass\n    case 1:\n        pass\n",
      "def f(x):\n    return lambda x: [x for _ in ()]\n",
      "def f():\n    x = 1\n    g = lambda: 1\n    def h():\n        nonlocal x\n",
      "def f():\n    from m import x\n    def g():\n        nonlocal x\n",
      "class C:\n    def f(self):\n        return 1\n",
      "def f():\n    return *a, b\n",
      "def g():\n    class C((yield)):\n        pass\n",
      "def g():\n    @(yield)\n    def f():\n        pass\n",
      "def g():\n    def f(x=(yield)):\n        pass\n",
      // `case` patterns
      "match x:\n    case 1:\n        pass\n    case _:\n        pass\n",
      "match x:\n    case y if y > 1:\n        pass\n    case 2:\n        pass\n",
      "match x:\n    case P(x=1, y=[a, b]):\n        pass\n",
      "match x:\n    case -1 | 1+2j | 'a' | None | True:\n        pass\n",
      "match x:\n    case 1:\n        match y:\n            case z:\n                pass\n",
      "match x:\n    case ([a] | [a, _]) | (a,):\n        pass\n",
      "match x:\n    case [a, b] | (b, a):\n        pass\n",
      "match x:\n    case 1:\n        pass\n    case 2 | _:\n        pass\n",
      "match x:\n    case a, b:\n        pass\n    case 1:\n        pass\n",
      "match x:\n    case (y,):\n        pass\n    case 1:\n        pass\n",
      "match x:\n    case Color.RED:\n        pass\n    case 1:\n        pass\n",
      // blocks open at once
      "def f():\n    for x in y:\n        for x in y:\n            for x in y:\n                for x in y:\n                    for x in y:\n                        for x in y:\n                            for x in y:\n                                for x in y:\n                                    for x in y:\n                                        for x in y:\n                                            for x in y:\n                                                for x in y:\n                                                    for x in y:\n                                                        for x in y:\n                                                            for x in y:\n                                                                for x in y:\n                                                                    for x in y:\n                                                                        for x in y:\n                                                                            for x in y:\n                                                                                for x in y:\n                                                                                    pass\n",
      "def f():\n    for x in y:\n        pass\n    else:\n        for x in y:\n            pass\n        else:\n            for x in y:\n                pass\n            else:\n                for x in y:\n                    pass\n                else:\n                    for x in y:\n                        pass\n                    else:\n                        for x in y:\n                            pass\n                        else:\n                            for x in y:\n                                pass\n                            else:\n                                for x in y:\n                                    pass\n                                else:\n                                    for x in y:\n                                        pass\n                                    else:\n                                        for x in y:\n                                            pass\n                                        else:\n                                            for x in y:\n                                                pass\n                                            else:\n                                                for x in y:\n                                                    pass\n                                                else:\n                                                    for x in y:\n                                                        pass\n                                                    else:\n                                                        for x in y:\n                                                            pass\n                                                        else:\n                                                            for x in y:\n                                                                pass\n                                                            else:\n                                                                for x in y:\n                                                                    pass\n                                                                else:\n                                                                    for x in y:\n                                                                        pass\n                                                                    else:\n                                                                        for x in y:\n                                                                            pass\n                                                                        else:\n                                                                            for x in y:\n                                                                                pass\n                                                                            else:\n                                                                                for x in y:\n                                                                                    pass\n                                                                                else:\n                                                                                    for x in y:\n                                                                                        pass\n                                                                                    else:\n                                                                                        for x in y:\n                                                                                            pass\n                                                                                        else:\n                                                                                            pass\n",
      "def f():\n    for x in y:\n        for x in y:\n            for x in y:\n                for x in y:\n                    for x in y:\n                        for x in y:\n                            for x in y:\n                                for x in y:\n                                    for x in y:\n                                        for x in y:\n                                            for x in y:\n                                                for x in y:\n                                                    for x in y:\n                                                        for x in y:\n                                                            for x in y:\n                                                                for x in y:\n                                                                    for x in y:\n                                                                        for x in y:\n                                                                            for x in y:\n                                                                                for x in y:\n                                                                                    def g():\n                                                                                        for z in w:\n                                                                                            pass\n",
      "def f():\n    try:\n        try:\n            try:\n                try:\n                    try:\n                        try:\n                            try:\n                                try:\n                                    try:\n                                        try:\n                                            try:\n                                                try:\n                                                    try:\n                                                        try:\n                                                            try:\n                                                                try:\n                                                                    try:\n                                                                        try:\n                                                                            try:\n                                                                                pass\n                                                                            except E:\n                                                                                pass\n                                                                        except E:\n                                                                            pass\n                                                                    except E:\n                                                                        pass\n                                                                except E:\n                                                                    pass\n                                                            except E:\n                                                                pass\n                                                        except E:\n                                                            pass\n                                                    except E:\n                                                        pass\n                                                except E:\n                                                    pass\n                                            except E:\n                                                pass\n                                        except E:\n                                            pass\n                                    except E:\n                                        pass\n                                except E:\n                                    pass\n                            except E:\n                                pass\n                        except E:\n                            pass\n                    except E:\n                        pass\n                except E:\n                    pass\n            except E:\n                pass\n        except E:\n            pass\n    except E:\n        pass\n",
      "def f():\n    try:\n        pass\n    except E:\n        try:\n            pass\n        except E:\n            try:\n                pass\n            except E:\n                try:\n                    pass\n                except E:\n                    try:\n                        pass\n                    except E:\n                        try:\n                            pass\n                        except E:\n                            try:\n                                pass\n                            except E:\n                                try:\n                                    pass\n                                except E:\n                                    try:\n                                        pass\n                                    except E:\n                                        try:\n                                            pass\n                                        except E:\n                                            pass\n",
      "def f():\n    try:\n        pass\n    finally:\n        try:\n            pass\n        finally:\n            try:\n                pass\n            finally:\n                try:\n                    pass\n                finally:\n                    try:\n                        pass\n                    finally:\n                        try:\n                            pass\n                        finally:\n                            try:\n                                pass\n                            finally:\n                                try:\n                                    pass\n                                finally:\n                                    try:\n                                        pass\n                                    finally:\n                                        try:\n                                            pass\n                                        finally:\n                                            try:\n                                                pass\n                                            finally:\n                                                try:\n                                                    pass\n                                                finally:\n                                                    try:\n                                                        pass\n                                                    finally:\n                                                        try:\n                                                            pass\n                                                        finally:\n                                                            try:\n                                                                pass\n                                                            finally:\n                                                                try:\n                                                                    pass\n                                                                finally:\n                                                                    try:\n                                                                        pass\n                                                                    finally:\n                                                                        try:\n                                                                            pass\n                                                                        finally:\n                                                                            try:\n                                                                                pass\n                                                                            finally:\n                                                                                try:\n                                                                                    pass\n                                                                                finally:\n                                                                                    pass\n",
      "def f():\n    while x:\n        while x:\n            while x:\n                while x:\n                    while x:\n                        while x:\n                            while x:\n                                while x:\n                                    while x:\n                                        while x:\n                                            while x:\n                                                while x:\n                                                    while x:\n                                                        while x:\n                                                            while x:\n                                                                while x:\n                                                                    while x:\n                                                                        while x:\n                                                                            while x:\n                                                                                while x:\n                                                                                    pass\n",
      "def f():\n    with a, b:\n        with a, b:\n            with a, b:\n                with a, b:\n                    with a, b:\n                        with a, b:\n                            with a, b:\n                                with a, b:\n                                    with a, b:\n                                        with a, b:\n                                            pass\n",
  };
  for (const char* text : cases) expect_no_syntax_error(text);
  expect_no_syntax_error("x.my__debug__ = 1\nx.__debug__.y = 2\n");  // not the attribute `__debug__`
}

// A notebook's cells are compiled as IPython compiles them, with CPython's
// PyCF_ALLOW_TOP_LEVEL_AWAIT: the module's own code may await. Each case was checked against
// compile(text, "<x>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT) in CPython 3.11.
TEST(PythonSyntax, TopLevelAwaitIsAllowedWhereIPythonAllowsIt) {
  Parser parser;
  for (const char* text : {"await f()\n", "async for a in g():\n    pass\n", "async with l:\n    pass\n",
                           "r = [await f(i) for i in y]\n", "r = {i: await f(i) for i in y}\n",
                           "if x:\n    await f()\n", "with a:\n    async for b in c:\n        pass\n",
                           "try:\n    await f()\nexcept E:\n    await g()\n"}) {
    EXPECT_FALSE(analyze(text, parser, {}, nullptr, true)->syntax_error) << text;
    EXPECT_TRUE(analyze(text, parser)->syntax_error) << text;  // as a file
  }
  const Invalid still_invalid[] = {
      {"def h():\n    await f()\n", 2, 5, "SyntaxError: 'await' outside async function"},
      {"class C:\n    await f()\n", 2, 5, "SyntaxError: 'await' outside function"},
      {"lambda: await f()\n", 1, 9, "SyntaxError: 'await' outside async function"},
      {"class C:\n    x = [await f(i) for i in y]\n", 2, 9,
       "SyntaxError: asynchronous comprehension outside of an asynchronous function"},
      {"def h():\n    async with l:\n        pass\n", 2, 5, "SyntaxError: 'async with' outside async function"},
      {"yield 1\n", 1, 1, "SyntaxError: 'yield' outside function"},
  };
  for (const Invalid& c : still_invalid) {
    auto fa = analyze(c.text, parser, {}, nullptr, true);
    ASSERT_TRUE(fa->syntax_error) << c.text;
    EXPECT_EQ(fa->syntax_error->message, c.message) << c.text;
    LineIndex::RowCol at = fa->lines.location(fa->syntax_error->start);
    EXPECT_EQ(at.row, c.row) << c.text;
    EXPECT_EQ(at.column, c.column) << c.text;
  }
}

// Two expressions side by side inside brackets: CPython's "Perhaps you forgot a comma?", from the
// first's start. Each case was checked against CPython 3.11's compile().
TEST(PythonSyntax, ExpressionsSideBySideInBracketsLackAComma) {
  const char* comma = "SyntaxError: invalid syntax. Perhaps you forgot a comma?";
  const Invalid cases[] = {
      {"f(a b)\n", 1, 3, comma},
      {"print(\"a\" \"b\" c)\n", 1, 7, comma},
      {"f(x y=1)\n", 1, 3, comma},
      {"f(x=1 y)\n", 1, 5, comma},
      {"x = [1 2]\n", 1, 6, comma},
      {"f(a + b c)\n", 1, 3, comma},
      {"f(a, b c, d)\n", 1, 6, comma},
      {"f(a b c)\n", 1, 3, comma},
      {"x = [a lambda: 1]\n", 1, 6, comma},
      {"x = (a b)\n", 1, 6, comma},
      {"x = {a b}\n", 1, 6, comma},
      {"x[a b]\n", 1, 3, comma},
      {"x = (1, a b)\n", 1, 9, comma},
      {"f(a  # c\n  b)\n", 1, 3, comma},
      {"x = [\n    1\n    2\n]\n", 2, 5, comma},
      // A name then a string, or a soft keyword first: plain invalid syntax.
      {"f(_ x)\n", 1, 5, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  // Python 2's `print "x"` inside brackets: no comma hint (CPython points at the string, 1:5).
  LintResult r = lint_text("f(a \"s\")\n");
  ASSERT_TRUE(r.syntax_error);
  EXPECT_EQ(r.diagnostics[0].message, "SyntaxError: invalid syntax");
}

// `=` for `==` in an `if`, `elif` or `while` condition: CPython's hints. Each case was checked
// against CPython 3.11's compile().
TEST(PythonSyntax, AnAssignmentInAConditionSuggestsEquality) {
  const char* name = "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
  auto target = [](const char* what) {
    return "SyntaxError: cannot assign to " + std::string(what) + " here. Maybe you meant '==' instead of '='?";
  };
  const std::string attribute = target("attribute"), subscript = target("subscript"), call = target("function call"),
                    literal = target("literal"), expression = target("expression"), fstring = target("f-string expression");
  const Invalid cases[] = {
      {"if x = 1:\n    pass\n", 1, 4, name},
      {"if x = 1 and y:\n    pass\n", 1, 4, name},
      {"if x = 1 == 2:\n    pass\n", 1, 4, name},
      {"if x = -1:\n    pass\n", 1, 4, name},
      {"if x = y if z else w:\n    pass\n", 1, 4, name},
      {"if x:\n    pass\nelif x = 1:\n    pass\n", 3, 6, name},
      {"while x = (yield):\n    pass\n", 1, 7, name},
      {"while a.b = f():\n    pass\n", 1, 7, attribute.c_str()},
      {"if a[0] = 1:\n    pass\n", 1, 4, subscript.c_str()},
      {"if f() = 1:\n    pass\n", 1, 4, call.c_str()},
      {"if 1 = x:\n    pass\n", 1, 4, literal.c_str()},
      {"if a + b = c:\n    pass\n", 1, 4, expression.c_str()},
      {"if -a = 1:\n    pass\n", 1, 4, expression.c_str()},
      {"if f'{a}' = 1:\n    pass\n", 1, 4, fstring.c_str()},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  // No hint where CPython's rule does not apply: another `=` after the value, a value that is not a
  // bitwise_or (`not y`), a target it leaves out (a list, True).
  for (const char* text : {"if x = y = 1:\n    pass\n", "if x = not y:\n    pass\n", "if [a] = 1:\n    pass\n",
                           "if True = x:\n    pass\n"}) {
    LintResult r = lint_text(text);
    ASSERT_TRUE(r.syntax_error) << text;
    EXPECT_EQ(r.diagnostics[0].message, "SyntaxError: invalid syntax") << text;
  }
}

// A statement assigning to what cannot be assigned: CPython's "cannot assign to ...", with its
// "Maybe you meant '=='" hint where the line could be a comparison. Each case was checked against
// CPython 3.11's compile().
TEST(PythonSyntax, AnAssignmentToAnExpressionNamesIt) {
  const std::string hint = " here. Maybe you meant '==' instead of '='?";
  const std::string call = "SyntaxError: cannot assign to function call";
  const std::string cases_with_hint[][2] = {
      {"f() = 1\n", call}, {"a.b() = 1\n", call}, {"x = 1\nf() = 2\n", call}, {"if x:\n    f() = 1\n", call},
      {"for i in x:\n    a.b() = i\n", call}, {"def g():\n    x = 1\n    f() = 2\n", call},
      {"x + 1 = 2\n", "SyntaxError: cannot assign to expression"}, {"\"a\" = 1\n", "SyntaxError: cannot assign to literal"},
      {"1 = x\n", "SyntaxError: cannot assign to literal"}, {"{a: b} = 1\n", "SyntaxError: cannot assign to dict literal"},
      {"... = 1\n", "SyntaxError: cannot assign to ellipsis"}, {"f\"{x}\" = 1\n", "SyntaxError: cannot assign to f-string expression"},
      {"await x = 1\n", "SyntaxError: cannot assign to await expression"},
  };
  for (const auto& [text, message] : cases_with_hint) {
    LintResult r = lint_text(text);
    ASSERT_TRUE(r.syntax_error) << text;
    EXPECT_EQ(r.diagnostics[0].message, message + hint) << text;
  }
  const Invalid plain[] = {
      {"None = 1\n", 1, 1, "SyntaxError: cannot assign to None"},
      {"True = 1\n", 1, 1, "SyntaxError: cannot assign to True"},
      {"x == 1 = 2\n", 1, 1, "SyntaxError: cannot assign to comparison"},
      {"lambda: 1 = 2\n", 1, 1, "SyntaxError: cannot assign to lambda"},
      {"x if y else z = 1\n", 1, 1, "SyntaxError: cannot assign to conditional expression"},
      {"a and b = 1\n", 1, 1, "SyntaxError: cannot assign to expression"},
      {"not a = 1\n", 1, 1, "SyntaxError: cannot assign to expression"},
      // No hint where the value cannot be compared.
      {"f() =\n", 1, 1, "SyntaxError: cannot assign to function call"},
      {"f() = x = 1\n", 1, 1, "SyntaxError: cannot assign to function call"},
      {"f() = lambda: 1\n", 1, 1, "SyntaxError: cannot assign to function call"},
      {"f() = yield\n", 1, 1, "SyntaxError: cannot assign to function call"},
      {"f() = x := 1\n", 1, 1, "SyntaxError: cannot assign to function call"},
  };
  for (const Invalid& c : plain) expect_only_e999(c);
}

// A key without its value among a dictionary's pairs: CPython's "':' expected after dictionary
// key", at the key's last character. Each case was checked against CPython 3.11's compile().
TEST(PythonSyntax, ADictionaryKeyWithoutItsValue) {
  const char* key = "SyntaxError: ':' expected after dictionary key";
  const Invalid cases[] = {
      {"d = {'a': 1, 'b'}\n", 1, 16, key},
      {"x = {1: 2, 3}\n", 1, 12, key},
      {"x = {1: 2, 3, 4: 5}\n", 1, 12, key},
      {"x = {'a': 1, 'bb' 2}\n", 1, 17, key},
      {"x = {a: 1, b + c}\n", 1, 16, key},
      {"x = {1: 2,\n     3}\n", 2, 6, key},
      {"x = {a: 1,  # c\n  b}\n", 2, 3, key},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  // After a pair with no comma, the comma is what is missing: not this message.
  LintResult r = lint_text("x = {a: 1 b: 2}\n");
  ASSERT_TRUE(r.syntax_error);
  EXPECT_NE(r.diagnostics[0].message, key);
}

// tree-sitter recovers from some errors with a token no node shows (a line break between
// `x = a.b().c().d()` and `1`): still an E999, where Python stops. Checked against CPython 3.11.
TEST(PythonSyntax, AnErrorRecoveredWithAHiddenTokenIsStillAnError) {
  const Invalid cases[] = {
      {"x = a.b().b().b() 1\n", 1, 19, "SyntaxError: invalid syntax"},
      {"y = df.dropna().mean().round() x\nz = 1\n", 1, 32, "SyntaxError: invalid syntax"},
      {"try:\n    x = a.b().b().b() 1\nexcept E:\n    pass\n", 2, 23, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// tree-sitter reads a line break as a blank where its grammar cannot end the statement, so a line
// cut short in the middle of a file joined the next one into a statement that parses
// (`pos = nx.` then `nx.draw(g)` read as `pos = nx.nx.draw(g)`); Python fails at the NEWLINE
// token. Likewise a string never closed whose quote the next lines close. Each case was checked
// against CPython 3.11's compile().
TEST(PythonSyntax, ALineCutShortBeforeAnotherIsAnError) {
  const Invalid cases[] = {
      {"pos = nx.\nnx.draw(g)\n", 1, 10, "SyntaxError: invalid syntax"},
      {"import numpy as np\nx = np.\ny = np.zeros(3)\n", 2, 8, "SyntaxError: invalid syntax"},
      {"def f():\n    toc =\n    g()\n", 2, 10, "SyntaxError: invalid syntax"},
      {"x = 1 +  # c\n2\n", 1, 10, "SyntaxError: invalid syntax"},
      {"if a and\n  b:\n    pass\n", 1, 9, "SyntaxError: invalid syntax"},
      {"f(a,\n  color=\"\n)\ng(\"b\")\n", 2, 9, "SyntaxError: unterminated string literal (detected at line 2)"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  // Line breaks inside brackets, strings, or after a backslash, end no logical line.
  for (const char* text : {"x = f(\n    a,\n    b)\n", "x = a + \\\n    b\n", "s = '''a\nb'''\n",
                           "if (a and\n        b):\n    pass\n", "def f(a,\n      b) -> int:\n    pass\n",
                           "from a import (\n    b,\n    c)\n", "x = [1,  # c\n     2]\n"})
    expect_no_syntax_error(text);
}

// CPython's tokenizer takes 200 brackets open at once and 99 levels of indentation.
TEST(PythonSyntax, NestingPastPythonsLimitsIsE999) {
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  auto ifs = [](int n, const std::string& last) {
    std::string text;
    for (int i = 0; i < n; ++i) text += std::string(i, ' ') + "if x:\n";
    return text + std::string(n, ' ') + last + "\n";
  };
  expect_only_e999({("x = " + repeat("(", 201) + "1" + repeat(")", 201) + "\n").c_str(), 1, 205,
                    "SyntaxError: too many nested parentheses"});
  expect_only_e999({("x = " + repeat("[{(", 67) + "1" + repeat(")}]", 67) + "\n").c_str(), 1, 205,
                    "SyntaxError: too many nested parentheses"});
  // Python's column for it is 1; ours is the statement's, as for the other indentation errors.
  expect_only_e999({ifs(100, "pass").c_str(), 101, 101, "IndentationError: too many levels of indentation"});
  expect_no_syntax_error(("x = " + repeat("(", 200) + "1" + repeat(")", 200) + "\n").c_str());
  expect_no_syntax_error(("x = " + repeat(repeat("(", 150) + "1" + repeat(")", 150) + " + ", 3) + "1\n").c_str());
  expect_no_syntax_error(("x = \"" + repeat("(", 300) + "\"\n").c_str());  // text, not brackets
  expect_no_syntax_error(("x = f\"{" + repeat("(", 150) + "1" + repeat(")", 150) + "}\"\n").c_str());
  expect_no_syntax_error(ifs(99, "pass").c_str());
  expect_no_syntax_error(ifs(99, "if y: pass").c_str());  // a one-line suite is not indented
}

// Past 255 columns the grammar's scanner loses the indentation, and the tree has an error that
// may come before the line where CPython's tokenizer stops; an error the tree finds after that
// line never counts. Each case was checked against CPython 3.11 (its column is 1; ours is the
// statement's).
TEST(PythonSyntax, TheTokenizersIndentationErrorComesFirstAtAnyDepth) {
  // `n` nested `if`s, the i-th indented by `indent(i)`, then `last` in the innermost block.
  auto nest = [](int n, const std::function<std::string(int)>& indent, const std::string& last) {
    std::string text;
    for (int i = 0; i < n; ++i) text += indent(i) + "if x:\n";
    return text + indent(n) + last + "\n";
  };
  auto spaces = [](int per_level) { return [=](int i) { return std::string(i * per_level, ' '); }; };
  const char* too_deep = "IndentationError: too many levels of indentation";
  for (int n : {256, 300, 1000, 2000})
    expect_only_e999({nest(n, spaces(1), "pass").c_str(), 101, 101, too_deep});
  // Another error after the line: CPython never gets there.
  expect_only_e999({nest(150, spaces(1), "pass\nx = )").c_str(), 101, 101, too_deep});
  expect_only_e999({nest(120, spaces(1), "pass").append("x = )\n").c_str(), 101, 101, too_deep});
  // Before it: the parser's error, also one the checker's walk finds; a compiler's error is later.
  expect_only_e999({("a b c\n" + nest(300, spaces(1), "pass")).c_str(), 1, 3, "SyntaxError: invalid syntax"});
  expect_only_e999({("print x\n" + nest(300, spaces(1), "pass")).c_str(), 1, 1,
                    "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"});
  expect_only_e999({("x = 1\n  y = 2\n" + nest(300, spaces(1), "pass")).c_str(), 2, 3,
                    "IndentationError: unexpected indent"});
  expect_only_e999({("return 1\n" + nest(300, spaces(1), "pass")).c_str(), 102, 101, too_deep});
  // Tabs and spaces: a tab is 8 columns, or 1 (TabError where the two disagree).
  auto tabs = [](int i) { return std::string(i / 8, '\t') + std::string(i % 8, ' '); };
  expect_only_e999({nest(300, tabs, "pass").c_str(), 9, 2, "TabError: inconsistent use of tabs and spaces in indentation"});
  // A TabError or an unindent the tokenizer stops at, before the tree's error.
  expect_only_e999({"if x:\n\tpass\n        pass\nx = )\n", 3, 9,
                    "TabError: inconsistent use of tabs and spaces in indentation"});
  expect_only_e999({"if x:\n    if y:\n  pass\nx = )\n", 3, 3,
                    "IndentationError: unindent does not match any outer indentation level"});
  // Past 255 columns with fewer levels (the grammar's scanner counts columns, not levels).
  expect_only_e999({nest(150, spaces(4), "pass").c_str(), 101, 401, too_deep});
  auto all_tabs = [](int i) { return std::string(i, '\t'); };
  expect_only_e999({nest(300, all_tabs, "pass").c_str(), 101, 101, too_deep});
  expect_only_e999({(nest(90, spaces(4), "pass") + "a b c\n").c_str(), 92, 3, "SyntaxError: invalid syntax"});
  // Strings, brackets, continued lines and comments start no logical line.
  expect_only_e999({"s = \"\"\"\n  a\n\tb\n\"\"\"\nif x:\n    y = (1,\n  2)\n    z = 1 \\\n  + 2\n  # c\n    pass\na b c\n",
                    12, 3, "SyntaxError: invalid syntax"});
}

// tree-sitter-python's scanner keeps each indentation column in a byte; Python takes any width.
// The parser is given a copy narrowed to one column per level, whose tree is the file's.
TEST(PythonSyntax, IndentationWiderThan255ColumnsParsesAsPythonReadsIt) {
  // A function nested `n` deep, each level `width` wider, whose body closes its blocks one by one
  // (a comment line at an outer level on the way, and a dedent past several levels at once).
  auto program = [](int n, int width, const std::string& tab) {
    auto indent = [&](int level) {
      std::string blanks;
      for (int i = 0; i < level; ++i) blanks += tab.empty() ? std::string(width, ' ') : tab;
      return blanks;
    };
    std::string text;
    for (int i = 0; i < n; ++i) text += indent(i) + "if x" + std::to_string(i) + ":\n";
    text += indent(n) + "y = [\n" + indent(1) + "1]\n";
    text += indent(n / 2) + "# outer\n" + indent(n) + "z = 1\n";
    text += indent(n - 1) + "w = 2\n" + indent(n / 2) + "v = 3\n" + indent(1) + "u = 4\nt = 5\n";
    return text;
  };
  auto tree_of = [](const std::string& text) {
    Parser p;
    Tree t = p.parse(text);
    char* sexp = ts_node_string(ts_tree_root_node(t.get()));
    std::string out(sexp);
    free(sexp);
    return out;
  };
  for (int n : {40, 70}) {
    const std::string narrow = tree_of(program(n, 1, ""));
    EXPECT_EQ(narrow.find("ERROR"), std::string::npos) << narrow;
    for (const std::string& text : {program(n, 8, ""), program(n, 4, ""), program(n, 0, "\t"), program(n, 0, "\t  ")}) {
      expect_no_syntax_error(text.c_str());
      EXPECT_EQ(tree_of(text), narrow);
    }
  }
}


// Errors CPython's tokenizer raises before its parser sees the tokens (syntax.h:
// first_tokenizer_stop), on files the grammar does not parse either. Each text was compiled by
// CPython 3.11.7, which gave these rows, columns and messages.
TEST(PythonSyntax, TokenizerErrorsAreE999WithPythonsMessage) {
  const Invalid cases[] = {
      // Brackets: never closed (the innermost, at the end of the text), unmatched, mismatched.
      {"x = (1,", 1, 5, "SyntaxError: '(' was never closed"},
      {"y = 1\nz = [1, (2,\n", 2, 9, "SyntaxError: '(' was never closed"},
      {"foo(a, b\ndef g():\n    pass\n", 1, 4, "SyntaxError: '(' was never closed"},
      {"class A:\n    def f(self):\n        return [1,\n\n    def g(self):\n        pass\n", 3, 16,
       "SyntaxError: '[' was never closed"},
      {"x = (1 \\\n", 1, 5, "SyntaxError: '(' was never closed"},
      {"x = )\n", 1, 5, "SyntaxError: unmatched ')'"},
      {"x = (1))\n", 1, 8, "SyntaxError: unmatched ')'"},
      {"x = }\n", 1, 5, "SyntaxError: unmatched '}'"},
      {"x = [1, 2)\n", 1, 10, "SyntaxError: closing parenthesis ')' does not match opening parenthesis '['"},
      {"x = {'a': 1, 'b': 2]\ny = 3\n", 1, 20,
       "SyntaxError: closing parenthesis ']' does not match opening parenthesis '{'"},
      {"if x:\n    y = [1,\n         2}\n", 3, 11,
       "SyntaxError: closing parenthesis '}' does not match opening parenthesis '[' on line 2"},
      {"x = (\r\n1,\r\n2]\r\n", 3, 2, "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1"},
      // Strings, at the start of their prefix; the row that ended them is in the message.
      {"s = \"abc", 1, 5, "SyntaxError: unterminated string literal (detected at line 1)"},
      {"if True:\n    x = \"abc\n    y = 1\n", 2, 9, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"s = 'abc\\\ndef\n", 1, 5, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"s = u'abc\\'\n", 1, 5, "SyntaxError: unterminated string literal (detected at line 1)"},
      {"s = f\"abc", 1, 5, "SyntaxError: unterminated string literal (detected at line 1)"},
      {"s = rb\"abc\n", 1, 5, "SyntaxError: unterminated string literal (detected at line 1)"},
      {"x = (\n  'abc\n)\n", 2, 3, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"s = '''abc\nx\n", 1, 5, "SyntaxError: unterminated triple-quoted string literal (detected at line 2)"},
      {"s = '''abc\nx\n\n", 1, 5, "SyntaxError: unterminated triple-quoted string literal (detected at line 3)"},
      {"x = f'''abc\n", 1, 5, "SyntaxError: unterminated triple-quoted string literal (detected at line 1)"},
      {"s = Rb'''abc\\'''\ny = 2\n", 1, 5, "SyntaxError: unterminated triple-quoted string literal (detected at line 2)"},
      // Characters: columns count characters, not bytes.
      {"x = 1\u00a0+ 2\n", 1, 6, "SyntaxError: invalid non-printable character U+00A0"},
      {"x = a\u200bb\n", 1, 6, "SyntaxError: invalid non-printable character U+200B"},
      {"x = \x01\n", 1, 5, "SyntaxError: invalid non-printable character U+0001"},
      {"x = \u201chello\u201d\n", 1, 5, "SyntaxError: invalid character '\u201c' (U+201C)"},
      {"x = a \u2013 b\n", 1, 7, "SyntaxError: invalid character '\u2013' (U+2013)"},
      {"ab\u20ac = 1\n", 1, 3, "SyntaxError: invalid character '\u20ac' (U+20AC)"},
      {"x = \U0001F600\n", 1, 5, "SyntaxError: invalid character '\U0001F600' (U+1F600)"},
      {"\u00e9t\u00e9 = 1 \u2264 2\n", 1, 9, "SyntaxError: invalid character '\u2264' (U+2264)"},
      {"x = 'a\u00a0' + b\u00a0\n", 1, 13, "SyntaxError: invalid non-printable character U+00A0"},
      // Numbers.
      {"x = 1abc\n", 1, 5, "SyntaxError: invalid decimal literal"},
      {"x = 1__0\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 1e+\n", 1, 7, "SyntaxError: invalid decimal literal"},
      {"x = 1.e5x\n", 1, 8, "SyntaxError: invalid decimal literal"},
      {"x = 0xg\n", 1, 6, "SyntaxError: invalid hexadecimal literal"},
      {"x = 0o8\n", 1, 7, "SyntaxError: invalid digit '8' in octal literal"},
      {"x = 0o7_\n", 1, 8, "SyntaxError: invalid octal literal"},
      {"x = 0b1a\n", 1, 7, "SyntaxError: invalid binary literal"},
      {"x = 1jk\n", 1, 6, "SyntaxError: invalid imaginary literal"},
      {"x = 0777 +\n", 1, 5,
       "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// Which error CPython reports when its parser and its tokenizer both find one: the tokenizer's
// own error wins wherever the parser failed, except after an unexpected indent; its stops on
// indentation, only when the parser got there; a bracket never closed, only when the parser failed
// on a later row. Checked against CPython 3.11.7, as above (our column for an indentation error
// is the statement's).
TEST(PythonSyntax, TheTokenizersErrorOrTheParsersComesFirstAsInPython) {
  const Invalid cases[] = {
      {"x = = 1\ns = \"abc", 2, 5, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"print 'a'\ns = 'abc\n", 2, 5, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"if x:\ny = 2\ns = 'abc\n", 3, 5, "SyntaxError: unterminated string literal (detected at line 3)"},
      {"x = (1,\ny = 'abc\n", 2, 5, "SyntaxError: unterminated string literal (detected at line 2)"},
      {"x = 1\n    y = 2\ns = 'abc\n", 2, 5, "IndentationError: unexpected indent"},
      {"x = 1\n\ts = 'a\n", 2, 2, "IndentationError: unexpected indent"},
      {"x = 1\n    y = 2\nz = (1,\n  2]\n", 2, 5, "IndentationError: unexpected indent"},
      {"if x:\n    a\n  b\ns = 'abc\n", 3, 3, "IndentationError: unindent does not match any outer indentation level"},
      {"if x:\n\tpass\n        pass\ns = 'a\n", 3, 9, "TabError: inconsistent use of tabs and spaces in indentation"},
      {"x = = 1\nif x:\n        a\n    b\ns = \"abc\n", 1, 5, "SyntaxError: invalid syntax"},
      {"x = (1,\ndef f():\n    pass\n", 1, 5, "SyntaxError: '(' was never closed"},
      {"return 1\nx = (\n", 2, 5, "SyntaxError: '(' was never closed"},  // no compiler's error
      // The parser fails on the bracket's row.
      {"x = [1 2]\ns = [\n", 1, 6, "SyntaxError: invalid syntax. Perhaps you forgot a comma?"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
}

// Where it is not known what CPython reports, the vaguer message: CPython says "unexpected
// character after line continuation character" (1:8), "invalid character '١' (U+0661)" (1:5) and
// "invalid character '–' (U+2013)" (1:7), which the table of characters here does not tell.
TEST(PythonSyntax, AnUnknownTokenizerStopKeepsInvalidSyntax) {
  const Invalid cases[] = {
      {"x = 1 \\ y\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = \u0661\n", 1, 5, "SyntaxError: invalid syntax"},
      {"x = a\u00b7\u2013\n", 1, 7, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  expect_no_syntax_error("x = a\u00b7b + \u00e9t\u00e9\n");  // a middle dot may continue a name
}

// Underscores the grammar takes in a number and CPython's tokenizer refuses; its error wins over
// a parser's error before it, as the tokenizer's errors do. Checked against CPython 3.11.7.
TEST(PythonSyntax, NumbersTheGrammarTakesAndPythonsTokenizerRefusesAreE999) {
  const Invalid cases[] = {
      {"x = 1_\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 00_\n", 1, 7, "SyntaxError: invalid decimal literal"},
      {"x = 5e5_\n", 1, 8, "SyntaxError: invalid decimal literal"},
      {"x = 1.0_\n", 1, 8, "SyntaxError: invalid decimal literal"},
      {"x = 1_.5\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 1_e5\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 1_j\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 0x_\n", 1, 7, "SyntaxError: invalid hexadecimal literal"},
      {"x = 0b1_\n", 1, 8, "SyntaxError: invalid binary literal"},
      {"print x\nz = 1_\n", 2, 6, "SyntaxError: invalid decimal literal"},
      {"def f(a=1, b): pass\nz = 1_\n", 2, 6, "SyntaxError: invalid decimal literal"},
      {"z = 1_\nreturn 1\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 1\n    y = 2\nz = 1_\n", 2, 5, "IndentationError: unexpected indent"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  expect_no_syntax_error("x = 1_0 + 0x_f + 1_0.0_1e1_0j + 0b_1 + 1e5_0\n");
}

// Python 2 that the grammar takes as it reads Python 2: Python 3 refuses each with these messages.
TEST(PythonSyntax, PythonTwoTheGrammarTakesIsE999AsInPython3) {
  const Invalid cases[] = {
      {"try:\n    pass\nexcept ValueError, e:\n    pass\n", 3, 8,
       "SyntaxError: multiple exception types must be parenthesized"},
      {"try:\n    pass\nexcept (A, B), e:\n    pass\n", 3, 8,
       "SyntaxError: multiple exception types must be parenthesized"},
      {"try:\n    pass\nexcept A, e.x:\n    pass\n", 3, 8, "SyntaxError: multiple exception types must be parenthesized"},
      {"raise E, V\n", 1, 8, "SyntaxError: invalid syntax"},
      {"raise E, V, T\n", 1, 8, "SyntaxError: invalid syntax"},
      {"x = 1 <> 2\n", 1, 7, "SyntaxError: invalid syntax"},
      {"print(a <> b)\n", 1, 9, "SyntaxError: invalid syntax"},
      {"x = a <> b <> c\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = a < (b <> c)\n", 1, 12, "SyntaxError: invalid syntax"},
      {"x = 1 if (a <> b) else 2\n", 1, 13, "SyntaxError: invalid syntax"},
      {"x = a <> b if c else d\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = 1 if c else a <> b\n", 1, 19, "SyntaxError: invalid syntax"},
      {"x = 1 if a <> b else 2\n", 1, 5, "SyntaxError: expected 'else' after 'if' expression"},
      {"x = (1 if not a <> b else 2)\n", 1, 6, "SyntaxError: expected 'else' after 'if' expression"},
      {"x = 1 if a and b <> c else 2\n", 1, 5, "SyntaxError: expected 'else' after 'if' expression"},
      {"f(`x`)\n", 1, 3, "SyntaxError: invalid syntax"},
      {"x = ur\"a\"\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = Ur'a'\n", 1, 7, "SyntaxError: invalid syntax"},
      {"x = bu'a'\n", 1, 7, "SyntaxError: invalid syntax"},
      {"def f((a, b)): pass\n", 1, 7, "SyntaxError: Function parameters cannot be parenthesized"},
      {"def f(a: int, (b, c)=1): pass\n", 1, 15, "SyntaxError: Function parameters cannot be parenthesized"},
      {"def f(a, (b)): pass\n", 1, 10, "SyntaxError: Function parameters cannot be parenthesized"},
      {"f = lambda (a, b), c: a\n", 1, 12, "SyntaxError: Lambda expression parameters cannot be parenthesized"},
      {"def f(((a, b), c)): pass\n", 1, 7, "SyntaxError: invalid syntax"},
      {"def f(a=1, (b, c)): pass\n", 1, 12, "SyntaxError: invalid syntax"},
      {"def f(*, (a, b)): pass\n", 1, 10, "SyntaxError: invalid syntax"},
      {"def f(a, /, (b, c)): pass\n", 1, 13, "SyntaxError: invalid syntax"},
      {"def f(a, [b, c]): pass\n", 1, 10, "SyntaxError: invalid syntax"},
      {"lambda a=1, (b, c): 0\n", 1, 13, "SyntaxError: invalid syntax"},
      {"x = 10L\n", 1, 6, "SyntaxError: invalid decimal literal"},
      {"x = 0L\n", 1, 5, "SyntaxError: invalid decimal literal"},
      {"x = 0x1fL\n", 1, 8, "SyntaxError: invalid hexadecimal literal"},
      {"x = 0o7L\n", 1, 7, "SyntaxError: invalid octal literal"},
      // Python reads every token of the file before it reports its parser's error: a number its
      // tokenizer refuses, later in the file, wins.
      {"print \"x\"\nx = 0777\n", 2, 5, kLeadingZeros},
      {"try:\n    pass\nexcept E, e:\n    pass\nx = 0777\n", 5, 5, kLeadingZeros},
      {"x = `a`\ny = 0777\n", 2, 5, kLeadingZeros},
      {"raise E, 'm'\nx = 1L\n", 2, 5, "SyntaxError: invalid decimal literal"},
      {"x = 1 <> 2\ny = ur'a'\n", 1, 7, "SyntaxError: invalid syntax"},
      // before a line the grammar cannot read: Python stops at the first of the two
      {"try:\n    pass\nexcept ValueError, e:\n    pass\nexec f.read() in g, l\n", 3, 8,
       "SyntaxError: multiple exception types must be parenthesized"},
      {"print \"x\"\nx = (1 2)\n", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"def f():\n    x = `a`\n    return x y\n", 2, 9, "SyntaxError: invalid syntax"},
      {"print \"x\"\ry = 1\rx = (1 2)\r", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"x = 1\r\ny = `a`\r\nx = (1 2)\r\n", 2, 5, "SyntaxError: invalid syntax"},
      // the line the grammar cannot read is in a `try` body: cut there, the copy would not parse
      {"def f():\n    try:\n        pass\n    except E, e:\n        pass\n\ndef g():\n    try:\n        exec f.read() in g, l\n"
       "    except:\n        pass\n",
       4, 12, "SyntaxError: multiple exception types must be parenthesized"},
      {"class A:\n    def f(self):\n        print \"x\"\n\n    def g(self):\n        try:\n            exec f.read() in g, l\n"
       "        except:\n            pass\n",
       3, 9, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      // `print` or `exec` and an expression where the grammar reads no statement
      {"def f():\n    exec compile(s) in ns\n", 2, 5, "SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?"},
      {"print x y\n", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"foo(\n  print x)\n", 2, 3, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"x = 1\nprint -x y\n", 2, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"print not x y\n", 1, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"},
      {"printer x y\n", 1, 9, "SyntaxError: invalid syntax"},
  };
  for (const Invalid& c : cases) expect_only_e999(c);
  // Not an expression after `print`: Python's legacy message does not apply ("invalid syntax").
  for (const char* text : {"print >>f, x y\n", "print in x y\n", "exec = 5 5\n"}) {
    LintResult r = lint_text(text);
    ASSERT_TRUE(r.syntax_error) << text;
    EXPECT_EQ(r.diagnostics[0].message, "SyntaxError: invalid syntax") << text;
  }
  const char* valid[] = {
      "try:\n    pass\nexcept (A, B) as e:\n    pass\n", "raise (E, V)\n", "raise E(V) from e\n",
      "x = a != b  # <>\n", "x = '<>' != a\n", "x = a < b > c\n", "x = 1 if a != b else 2\n",
      "x = '`' + r'a' + R'a' + u'a' + U'a' + b'a' + B'a' + f'a' + F'a'\n",
      "x = rb'a' + Rb'a' + bR'a' + BR'a' + br'a' + rB'a' + fr'a' + Rf'a' + rF'a' + FR'a'\n",
      "def f(a, b=(1, 2), *c, d, **e): pass\n", "f = lambda a, b=(1, 2): a\n",
      "x = 10 + 0x1f + 0o7 + 0b1 + 10j + 1e5 + 0.5 + 00 + 007.5 + 0e0\n",
  };
  for (const char* v : valid) expect_no_syntax_error(v);
}

// Escapes Python decodes when it builds a literal's value. The place is after the literal (after
// its last part when strings are concatenated); the positions in the message count each non-ASCII
// character before the escape as 10 bytes and a line break as one, as Python's copy of the text
// does. Columns: where a line has non-ASCII characters before the place, Python counts bytes and
// we count characters (as everywhere else).
TEST(PythonSyntax, EscapesPythonCannotDecodeAreE999AsInPython) {
  const std::string position = "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position ";
  struct Case {
    const char* text;
    uint32_t row, column;
    std::string message;
  };
  const Case cases[] = {
      {"x = \"C:\\Users\\name\"\n", 1, 20, position + "2-3: truncated \\UXXXXXXXX escape"},
      {"x = 'ab\\u12'\n", 1, 13, position + "2-5: truncated \\uXXXX escape"},
      {"x = \"a\\x1\"\n", 1, 11, position + "1-3: truncated \\xXX escape"},
      {"x = \"a\\x\"\n", 1, 10, position + "1-2: truncated \\xXX escape"},
      {"x = \"\\U00110000\"\n", 1, 17, position + "0-9: illegal Unicode character"},
      {"x = \"\\N\"\n", 1, 9, position + "0-1: malformed \\N character escape"},
      {"x = \"\\N{}\"\n", 1, 11, position + "0-2: malformed \\N character escape"},
      {"x = \"\\N{a\"\n", 1, 11, position + "0-3: malformed \\N character escape"},
      {"x = \"\\777\\x1\"\n", 1, 14, position + "4-6: truncated \\xXX escape"},
      {"x = \"\\N{DEGREE SIGN}\\x1\"\n", 1, 25, position + "15-17: truncated \\xXX escape"},
      {"x = \"a\" \"\\u1\"\n", 1, 14, position + "0-2: truncated \\uXXXX escape"},
      {"x = \"\\u12\" \"a\"\n", 1, 15, position + "0-3: truncated \\uXXXX escape"},
      {"x = (\"a\"\n     \"\\u1\")\n", 2, 11, position + "0-2: truncated \\uXXXX escape"},
      {"x = '''\nab\n\\u1'''\n", 3, 7, position + "4-6: truncated \\uXXXX escape"},
      {"x = \"a\\\r\nb\\u1\"\r\n", 2, 6, position + "4-6: truncated \\uXXXX escape"},
      {"def f():\n    \"\"\"C:\\Users\"\"\"\n", 2, 19, position + "2-3: truncated \\UXXXXXXXX escape"},
      {"x = f\"\\u12{a}\"\n", 1, 15, position + "0-3: truncated \\uXXXX escape"},
      {"x = f'\\N{DEGREE SIGN}\\x'\n", 1, 25, position + "15-16: truncated \\xXX escape"},
      // non-ASCII before the escape: 10 bytes each in Python's copy, 16 after a backslash
      {"x = \"\xc3\xa9\\u12\"\n", 1, 12, position + "10-13: truncated \\uXXXX escape"},
      {"x = \"\\\xc3\xa9\\u1\"\n", 1, 12, position + "16-18: truncated \\uXXXX escape"},
      {"x = \"\\N{\xc3\xa9}\"\n", 1, 12, position + "0-13: unknown Unicode character name"},
      {"x = b\"\\x1\"\n", 1, 11, "SyntaxError: (value error) invalid \\x escape at position 0"},
      {"x = B\"a\\x1g\"\n", 1, 13, "SyntaxError: (value error) invalid \\x escape at position 1"},
      {"x = b\"\xc3\xa9\"\n", 1, 5, "SyntaxError: bytes can only contain ASCII literal characters"},
      {"x = \"\\u12\"; y = 0777\n", 1, 17, kLeadingZeros},  // the tokenizer's error comes first
  };
  for (const Case& c : cases) expect_only_e999({c.text, c.row, c.column, c.message.c_str()});
  const char* valid[] = {
      "x = b\"\\u12\" + r\"\\u12\" + rb\"\\x1\" + Rb'\\x' + br'\\N' + R'C:\\Users'\n",
      "x = \"\\\\u12\" + '\\\\' + '\\'' + \"\\N{LATIN SMALL LETTER A}\" + f'\\N{DEGREE SIGN}'\n",
      "x = \"\\u00e9\\U0001F600\\U0010FFFF\\x41\\101\\n\\d\\%\"\n",
      "x = '''a\\\nb\\\r\nc'''\n",
  };
  for (const char* v : valid) expect_no_syntax_error(v);
  // Known gaps, asserted so that closing one updates this test: only Python's table of names knows
  // that a name is unknown, and an escape after an f-string's first brace is not read.
  for (const char* gap : {"x = \"\\N{NOPE}\"\n", "x = f\"{a}\\u1\"\n"}) EXPECT_FALSE(lint_text(gap).syntax_error) << gap;
}

}  // namespace
}  // namespace pml
