// The real binary on repository trees (testdata/lint-units/<case>/, see its README.md): units from
// kustomizations and Flux Kustomizations, and the runtime rules that need them. Each case compares
// lint's whole stdout and its exit status. VG_UPDATE_GOLDEN=1 rewrites the expected files; review
// that diff by eye before committing it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_util.h"

namespace fs = std::filesystem;

namespace {

using vg::test::slurp;

const fs::path kCases = fs::path(VG_SOURCE_DIR) / "testdata" / "lint-units";

struct LintRun {
  std::string out;
  int status = -1;
};

LintRun lint(const std::string& name) {
  std::string args = "lint --format text " + name;
  if (fs::exists(kCases / name / "args")) {
    args.clear();
    std::istringstream lines(slurp(kCases / name / "args"));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) args += " " + line;  // no quoting: the args of these cases are plain words
  }
  const std::string cmd = "cd '" + kCases.string() + "' && '" + VG_BINARY + "' " + args + " 2>/dev/null";
  LintRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.is_directory() && fs::exists(e.path() / "expected-stdout.txt")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class LintUnitsCli : public ::testing::TestWithParam<std::string> {};

TEST_P(LintUnitsCli, WholeOutput) {
  const fs::path dir = kCases / GetParam();
  const LintRun r = lint(GetParam());
  if (std::getenv("VG_UPDATE_GOLDEN")) {
    std::ofstream(dir / "expected-stdout.txt", std::ios::binary) << r.out;
    if (r.status != 0) std::ofstream(dir / "expected-exit") << r.status << "\n";
    else fs::remove(dir / "expected-exit");
  }
  const int want = fs::exists(dir / "expected-exit") ? std::stoi(slurp(dir / "expected-exit")) : 0;
  EXPECT_EQ(r.status, want) << r.out;
  EXPECT_EQ(r.out, slurp(dir / "expected-stdout.txt"));
}

std::string case_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string n = param.param;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, LintUnitsCli, ::testing::ValuesIn(cases()), case_name);

// The cases the issue names must be here, and give what they are about.
TEST(LintUnitsCli, TheScopeCasesAreClean) {
  for (const char* name : {"multi-app", "unrelated-folders", "flux"}) {
    const LintRun r = lint(name);
    EXPECT_EQ(r.out.find("repository-shared"), std::string::npos) << name << ":\n" << r.out;
  }
  EXPECT_EQ(lint("multi-app").out, "") << "three apps, each in its own namespace with its own restic-config";
}

}  // namespace
