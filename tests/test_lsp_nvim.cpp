// End to end with a real editor: headless Neovim (Debian's `neovim`) and its built-in LSP client
// start `pymemlint server`, receive the diagnostics, apply two code actions and write the file
// (tests/nvim/lsp_e2e.lua). Skipped, with the reason shown, when nvim is not installed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdlib>

#include "tests/cli_harness.h"
#include "tests/temp_dir.h"

namespace pml::testing {
namespace {

using json = nlohmann::json;

const char* kSource =
    "import numpy as np\n"
    "\n"
    "ROWS = 10_000_000\n"
    "\n"
    "\n"
    "def f():\n"
    "    x = np.zeros(ROWS, dtype=np.float32)\n"
    "    x = x.astype(np.float32)\n"
    "    label, y = \"é😀\", np.ones(ROWS)\n"
    "    return x, y, label\n";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

TEST(LspNeovim, AppliesCodeActionsFromTheServer) {
  if (std::system("command -v nvim >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "nvim is not installed (Debian package `neovim`; scripts/bootstrap installs it)";
  TempDir dir;
  auto file = dir.write("project/sample.py", kSource);
  dir.write("project/pyproject.toml", "[tool.pymemlint]\nmin-bytes = 1000\n");
  auto report_path = dir.path() / "report.json";
  std::string script = std::string(PML_SOURCE_DIR) + "/tests/nvim/lsp_e2e.lua";
  // Neovim's state (the LSP log, shada) goes to the temporary directory, not the user's home.
  std::string cmd = "cd " + quote(dir.path().string()) + " && XDG_STATE_HOME=" + quote(dir.path() / "state") +
                    " XDG_CACHE_HOME=" + quote(dir.path() / "cache") + " XDG_DATA_HOME=" + quote(dir.path() / "data") +
                    " PML_SERVER=" + quote(PML_BINARY) + " PML_FILE=" + quote(file.string()) +
                    " PML_REPORT=" + quote(report_path.string()) + " timeout 120 nvim --headless --clean -c " +
                    quote("luafile " + script) + " >" + quote(dir.path() / "nvim.out") + " 2>&1 </dev/null";
  int status = std::system(cmd.c_str());
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::string report_text = dir.read("report.json");
  ASSERT_EQ(code, 0) << "nvim output:\n" << dir.read("nvim.out") << "\nreport: " << report_text;
  json report = json::parse(report_text);
  ASSERT_FALSE(report.contains("error")) << report.dump(1);
  EXPECT_EQ(report["steps"], json({"started", "fixed", "silenced", "stopped"}));
  EXPECT_EQ(report["offset_encoding"], "utf-16");  // Debian's Neovim offers no UTF-8

  const json& before = report["before"];
  ASSERT_EQ(before.size(), 2u) << report.dump(1);
  EXPECT_EQ(before[0]["code"], "MEM302");
  EXPECT_EQ(before[0]["lnum"], 7);
  EXPECT_EQ(before[0]["col"], 8);
  EXPECT_EQ(before[0]["source"], "pymemlint");
  EXPECT_EQ(before[0]["severity"], 2);  // vim.diagnostic.severity.WARN
  EXPECT_NE(before[0]["message"].get<std::string>().find("~40.0 MB"), std::string::npos);
  EXPECT_EQ(before[1]["code"], "MEM301");
  EXPECT_EQ(before[1]["lnum"], 8);
  // Neovim turns the UTF-16 column (22: "é" is 1 unit, "😀" 2) into a byte column: 25.
  EXPECT_EQ(before[1]["col"], 25);
  EXPECT_EQ(report["disable_title"], "Disable MEM301 for this line");
  EXPECT_EQ(report["after"], json::array());

  std::string want = kSource;
  want.replace(want.find("x.astype(np.float32)"), 20, "x.astype(np.float32, copy=False)");
  want.replace(want.find("np.ones(ROWS)\n"), 14, "np.ones(ROWS)  # noqa: MEM301\n");
  EXPECT_EQ(dir.read("project/sample.py"), want);
  // What the editor wrote is clean for the command line too.
  auto r = run_pymemlint("check project/sample.py", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace pml::testing
