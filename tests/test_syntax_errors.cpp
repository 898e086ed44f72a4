// Errors Python reports that the grammar accepts (syntax.h: LayoutChecker, is_reserved_word): each
// case below was checked against CPython 3.11's compile(), row and column included where the
// engine points at the same token (Python's column for an indentation error is the last blank
// before the statement; ours is the statement's first character).

#include <gtest/gtest.h>

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
  for (const char* text : valid) {
    LintResult r = lint_text(text);
    EXPECT_FALSE(r.syntax_error) << text << "\n" << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  }
}

TEST(PythonSyntax, RulesDoNotRunOnAFileWithALayoutError) {
  // Linted as if valid, the file would give MEM301 (and --fix would rewrite it).
  LintResult r = lint_text("import numpy as np\nx = 1\n    y = np.ones(n)\n");
  ASSERT_TRUE(r.syntax_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E999");
}

TEST(PythonSyntax, AnErrorNodeIsReportedAtItsLastTokenOnItsFirstLine) {
  // Python says 1:5 (the `)`), 1:8 (after the `+`), 1:5 (after `x`) and 2:9 (the `(` never
  // closed): the rows always agree, the columns often or nearly.
  const Invalid cases[] = {
      {"x = )\n", 1, 5, "SyntaxError: invalid syntax"},
      {"a = 1 +\n", 1, 7, "SyntaxError: invalid syntax"},
      {"if x\n    pass\n", 1, 4, "SyntaxError: invalid syntax"},
      {"y = 1\nz = [1, (2,\n", 2, 11, "SyntaxError: invalid syntax"},
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
  expect_only_e999({"s = 'a\rb'\r", 1, 5, "SyntaxError: invalid syntax"});  // unterminated: its line ended
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
  EXPECT_TRUE(is_reserved_word_at("x = else + 1", 4));
  EXPECT_FALSE(is_reserved_word_at("x = elsewhere", 4));
  EXPECT_FALSE(is_reserved_word_at("x = elseé", 4));  // the name runs on through é
  EXPECT_FALSE(is_reserved_word_at("x = in", 7));      // past the end
}

}  // namespace
}  // namespace pml
