#include <gtest/gtest.h>

#include "analyzer/source.h"

namespace pml {
namespace {

TEST(LineIndex, RowsForEveryLineTerminator) {
  std::string text = "a\nbb\r\nccc\rd";
  LineIndex idx(text);
  ASSERT_EQ(idx.line_count(), 4u);
  EXPECT_EQ(idx.line_text(0), "a");
  EXPECT_EQ(idx.line_text(1), "bb");
  EXPECT_EQ(idx.line_text(2), "ccc");
  EXPECT_EQ(idx.line_text(3), "d");
  EXPECT_EQ(idx.row_of(2), 1u);
  EXPECT_EQ(idx.row_of(5), 1u);  // the '\n' of "\r\n" belongs to its row
  EXPECT_EQ(idx.row_of(6), 2u);
  EXPECT_EQ(idx.row_of(static_cast<uint32_t>(text.size())), 3u);
}

TEST(LineIndex, EmptyTextHasOneRow) {
  LineIndex idx("");
  EXPECT_EQ(idx.line_count(), 1u);
  EXPECT_EQ(idx.line_text(0), "");
  EXPECT_EQ(idx.location(0).row, 1u);
  EXPECT_EQ(idx.location(0).column, 1u);
}

TEST(LineIndex, ColumnsCountUnicodeCharacters) {
  // "é" is 2 bytes, "€" 3, "𝛼" 4 (outside the BMP: two UTF-16 code units).
  std::string text = "x = 'é€𝛼' + y\n";
  LineIndex idx(text);
  uint32_t y = static_cast<uint32_t>(text.find('y'));
  EXPECT_EQ(idx.location(y).row, 1u);
  EXPECT_EQ(idx.location(y).column, 13u);  // 12 characters precede it
  EXPECT_EQ(idx.utf16_column(y), 13u);     // 13 UTF-16 units precede it: 𝛼 counts twice
  EXPECT_EQ(idx.offset_of_char_column(0, 12), y);
  EXPECT_EQ(idx.offset_of_utf16_column(0, 13), y);
}

TEST(LineIndex, AsciiAndNonAsciiRowsEachCountCharacters) {
  // ASCII rows take a shortcut (a byte is a character); rows around a non-ASCII one must not.
  std::string text = "abc = 1\n\xc3\xa9\xc3\xa9 = x\r\nz = y\n";
  LineIndex idx(text);
  uint32_t x = static_cast<uint32_t>(text.find('x')), y = static_cast<uint32_t>(text.find('y'));
  EXPECT_EQ(idx.location(x).row, 2u);
  EXPECT_EQ(idx.location(x).column, 6u);  // "éé = " is 5 characters in 7 bytes
  EXPECT_EQ(idx.utf16_column(x), 5u);
  EXPECT_EQ(idx.location(y).row, 3u);
  EXPECT_EQ(idx.location(y).column, 5u);
  EXPECT_EQ(idx.utf16_column(y), 4u);
  EXPECT_EQ(idx.location(2).column, 3u);
}

TEST(LineIndex, ColumnsClampToLineEnd) {
  LineIndex idx("ab\ncd\n");
  EXPECT_EQ(idx.offset_of_char_column(0, 99), 2u);
  EXPECT_EQ(idx.offset_of_utf16_column(1, 99), 5u);
  EXPECT_EQ(idx.offset_of_char_column(7, 0), 6u);
}

TEST(Decode, PlainUtf8KeepsTextAndNewline) {
  auto r = decode_source("a = 1\r\nb = 2\r\n");
  ASSERT_TRUE(r.source);
  EXPECT_EQ(r.source->text, "a = 1\r\nb = 2\r\n");
  EXPECT_EQ(r.source->newline, "\r\n");
  EXPECT_FALSE(r.source->had_bom);
}

TEST(Decode, LoneCarriageReturnIsTheNewline) {
  auto r = decode_source("a = 1\rb = 2\r");
  ASSERT_TRUE(r.source);
  EXPECT_EQ(r.source->newline, "\r");
}

TEST(Decode, BomIsRemovedAndRestored) {
  auto r = decode_source("\xEF\xBB\xBFx = 1\n");
  ASSERT_TRUE(r.source);
  EXPECT_TRUE(r.source->had_bom);
  EXPECT_EQ(r.source->text, "x = 1\n");
  std::string reason;
  auto bytes = encode_source(*r.source, "x = 2\n", &reason);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "\xEF\xBB\xBFx = 2\n");
}

TEST(Decode, NulBytesMeanBinary) {
  auto r = decode_source(std::string("x = 1\n\0\0", 8));
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("NUL"), std::string::npos);
}

TEST(Decode, InvalidUtf8NamesTheByteAndPlace) {
  auto r = decode_source("x = 1\ny = '\xff'\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("0xff"), std::string::npos) << r.error->reason;
  EXPECT_NE(r.error->reason.find("line 2"), std::string::npos) << r.error->reason;
}

TEST(Decode, Pep263Latin1IsConvertedAndRoundTrips) {
  std::string latin1 = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n";
  auto r = decode_source(latin1);
  ASSERT_TRUE(r.source) << r.error->reason;
  EXPECT_EQ(r.source->encoding, "latin-1");
  EXPECT_NE(r.source->text.find("caf\xc3\xa9"), std::string::npos);
  std::string reason;
  auto back = encode_source(*r.source, r.source->text, &reason);
  ASSERT_TRUE(back) << reason;
  EXPECT_EQ(*back, latin1);
}

TEST(Decode, DeclarationOnSecondLineCounts) {
  auto r = decode_source("#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nx = '\xe9'\n");
  ASSERT_TRUE(r.source) << r.error->reason;
  EXPECT_EQ(r.source->encoding, "latin-1");
}

TEST(Decode, DeclarationAfterCodeIsIgnored) {
  auto r = decode_source("x = 1\n# coding: latin-1\ny = '\xe9'\n");
  EXPECT_TRUE(r.error);
}

TEST(Decode, UnknownDeclaredEncodingIsAnError) {
  auto r = decode_source("# coding: no-such-codec\nx = 1\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("no-such-codec"), std::string::npos);
}

TEST(Decode, InvalidUtf8SaysWhyUtf8WasExpected) {
  auto none = decode_source("x = '\xe9'\n");
  ASSERT_TRUE(none.error);
  EXPECT_NE(none.error->reason.find("declares no encoding"), std::string::npos) << none.error->reason;
  auto declared = decode_source("# coding: utf-8\nx = '\xe9'\n");
  ASSERT_TRUE(declared.error);
  EXPECT_NE(declared.error->reason.find("declares the encoding `utf-8` but is not valid UTF-8"), std::string::npos)
      << declared.error->reason;
  EXPECT_NE(declared.error->reason.find("line 2"), std::string::npos) << declared.error->reason;
  auto bom = decode_source("\xEF\xBB\xBFx = '\xe9'\n");
  ASSERT_TRUE(bom.error);
  EXPECT_NE(bom.error->reason.find("byte order mark"), std::string::npos) << bom.error->reason;
}

// Each checked against CPython 3.11's compile(): "SyntaxError: encoding problem: NAME with BOM",
// with no line, which the other decoding problems get too; an E902 here.
TEST(Decode, BomWithAnotherDeclaredEncodingIsAnError) {
  const std::pair<const char*, const char*> refused[] = {
      {"# coding: latin-1\n", "declares the encoding `latin-1` (Python: encoding problem: iso-8859-1 with BOM)"},
      {"#!/usr/bin/env python\n# -*- coding: Latin_1 -*-\n",
       "declares the encoding `Latin_1` (Python: encoding problem: iso-8859-1 with BOM)"},
      {"# coding: ascii\n", "declares the encoding `ascii` (Python: encoding problem: ascii with BOM)"},
      {"# coding: utf8\n", "declares the encoding `utf8` (Python: encoding problem: utf8 with BOM)"},
      {"# coding: no-such-codec\n", "(Python: encoding problem: no-such-codec with BOM)"},
  };
  for (const auto& [declaration, reason] : refused) {
    auto r = decode_source(std::string("\xEF\xBB\xBF") + declaration + "x = 1\n");
    ASSERT_TRUE(r.error) << declaration;
    EXPECT_NE(r.error->reason.find("starts with a UTF-8 byte order mark"), std::string::npos) << r.error->reason;
    EXPECT_NE(r.error->reason.find(reason), std::string::npos) << r.error->reason;
  }
  for (const char* declaration : {"# coding: utf-8\n", "# coding: UTF_8\n", "# coding: utf-8-sig\n"}) {
    auto r = decode_source(std::string("\xEF\xBB\xBF") + declaration + "x = 1\n");
    ASSERT_TRUE(r.source) << declaration << r.error->reason;
    EXPECT_TRUE(r.source->had_bom);
    EXPECT_EQ(r.source->encoding, "utf-8");
  }
}

TEST(Decode, Utf8DeclarationIsPlainUtf8) {
  auto r = decode_source("# -*- coding: utf-8 -*-\nx = 'é'\n");
  ASSERT_TRUE(r.source);
  EXPECT_EQ(r.source->encoding, "utf-8");
}

TEST(Utf8, RejectsOverlongAndSurrogates) {
  size_t bad = 0;
  EXPECT_TRUE(is_valid_utf8("plain ascii é € 𝛼"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF", &bad));       // overlong '/'
  EXPECT_FALSE(is_valid_utf8("ab\xED\xA0\x80", &bad));  // UTF-16 surrogate
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(is_valid_utf8("\xE2\x82", &bad));        // truncated
}

}  // namespace
}  // namespace pml
