// The help, the bash completion and the man page know every command and option (issue 12, point 11).
// The commands come from main.cc's table, the options from each command's own --help: a new command
// or option that the completion or the man page does not know fails here.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_util.h"

namespace fs = std::filesystem;

namespace {

using vg::test::slurp;

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  for (std::size_t n; p && (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (p) pclose(p);
  return out;
}

// The subcommands main.cc dispatches to: {"name", vg::cmd_...}.
std::vector<std::string> commands() {
  const std::string main_cc = slurp(fs::path(VG_SOURCE_DIR) / "generator" / "cli" / "main.cc");
  re2::StringPiece in(main_cc);
  std::string name;
  std::vector<std::string> out;
  while (RE2::FindAndConsume(&in, R"re(\{"([a-z-]+)", vg::cmd_)re", &name)) out.push_back(name);
  return out;
}

// The options of `volsync-gen CMD --help`: cxxopts lists them one a line, "  -f, --format arg  ...".
std::vector<std::string> options(const std::string& cmd) {
  std::istringstream help(run(std::string(VG_BINARY) + " " + cmd + " --help"));
  std::vector<std::string> out;
  const RE2 line(R"(^\s+(-[a-zA-Z])?(?:, )?(--[a-zA-Z][a-zA-Z0-9-]*)?)");
  for (std::string l; std::getline(help, l);) {
    std::string shrt, lng;
    if (!RE2::PartialMatch(l, line, &shrt, &lng)) continue;
    if (!shrt.empty()) out.push_back(shrt);
    if (!lng.empty()) out.push_back(lng);
  }
  return out;
}

// What the completion offers for the words typed so far (the last one is being completed).
std::set<std::string> complete(const std::string& words) {
  const std::string script = fs::path(VG_SOURCE_DIR) / "completions" / "volsync-gen.bash";
  const std::string cmd = "cd / && bash -c 'source \"" + script + "\"; COMP_WORDS=(" + words +
                          "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _volsync_gen; printf \"%s\\n\" \"${COMPREPLY[@]}\"'";
  std::istringstream out(run(cmd));
  std::set<std::string> got;
  for (std::string l; std::getline(out, l);) got.insert(l);
  return got;
}

TEST(Completion, KnowsEveryCommandAndOption) {
  const std::vector<std::string> cmds = commands();
  ASSERT_GE(cmds.size(), 4u);
  const std::set<std::string> first = complete("volsync-gen \"\"");
  for (const auto& c : cmds) EXPECT_TRUE(first.count(c)) << "completion of the first word lacks " << c;
  std::vector<std::string> all = cmds;
  all.push_back("");  // the default: the function
  for (const auto& c : all) {
    const std::vector<std::string> opts = options(c);
    EXPECT_GE(opts.size(), 3u) << c;  // -h, --help, --version at least
    const std::set<std::string> got = complete("volsync-gen " + c + " -");
    for (const auto& o : opts) EXPECT_TRUE(got.count(o)) << "volsync-gen " << c << " " << o << " is not completed";
  }
}

TEST(Help, ListsEveryCommand) {
  const std::string help = run(std::string(VG_BINARY) + " --help");
  for (const auto& c : commands())
    EXPECT_NE(help.find("\n  " + c + " "), std::string::npos) << "volsync-gen --help does not list " << c << "\n" << help;
}

// Issue 17: the threat model is where users look, not only in the README.
TEST(Help, CarriesTheThreatModel) {
  const std::string help = run(std::string(VG_BINARY) + " --help");
  for (const char* line :
       {"Security: in credentials mode secret the source Secret's keys", "opens the whole bucket unless the key is",
        "Whoever can label a PVC or read Secrets in such a namespace", "limit namespaces (spec.namespaces)",
        "credentials.byNamespace", "per-namespace store items", "<bucket>/<namespace>/", "\"Threat model\" in the README"})
    EXPECT_NE(help.find(line), std::string::npos) << "volsync-gen --help lacks: " << line << "\n" << help;
}

TEST(ManPage, HasASecuritySection) {
  const std::string man = slurp(fs::path(VG_SOURCE_DIR) / "docs" / "volsync-gen.1");
  const std::size_t at = man.find("\n.SH SECURITY\n");
  ASSERT_NE(at, std::string::npos);
  const std::string section = man.substr(at, man.find("\n.SH ", at + 1) - at);
  for (const char* words : {"opens the whole bucket", "spec.namespaces", "credentials.byNamespace",
                            "per-namespace store items", ".IR bucket / namespace /", "Threat model"})
    EXPECT_NE(section.find(words), std::string::npos) << "SECURITY lacks: " << words;
}

TEST(ManPage, CoversEveryCommandAndOptionAndExitStatus) {
  const std::string man = slurp(fs::path(VG_SOURCE_DIR) / "docs" / "volsync-gen.1");
  for (const auto& c : commands()) {
    EXPECT_NE(man.find(".B volsync-gen " + c), std::string::npos) << "SYNOPSIS lacks " << c;
    for (const auto& o : options(c)) {
      std::string escaped;  // roff writes - as \-
      for (char ch : o) escaped += ch == '-' ? std::string("\\-") : std::string(1, ch);
      EXPECT_NE(man.find(escaped), std::string::npos) << "the man page lacks " << c << " " << o;
    }
  }
  const std::size_t exit = man.find(".SH \"EXIT STATUS\"");
  ASSERT_NE(exit, std::string::npos);
  EXPECT_NE(man.find("\n.B 3\n", exit), std::string::npos) << "EXIT STATUS lacks 3";
}

}  // namespace
