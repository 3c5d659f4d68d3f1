// rules.disabled in the function and --disable in lint: the same ids, the same registry
// (volsync/rule_registry.h); the function's own warnings can be disabled too.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/function.h"
#include "krm/finding.h"

namespace vg {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has_rule(const Findings& f, const std::string& rule) {
  for (const auto& x : f)
    if (x.rule == rule) return true;
  return false;
}

// testdata/warnings: its source Secret has AWS_REGION, which VolSync ignores (secret-key-ignored).
TEST(DisabledRules, TheFunctionDropsItsOwnWarnings) {
  const std::string input = slurp(std::filesystem::path(VG_SOURCE_DIR) / "testdata/warnings/input.yaml");
  const std::string marker = "    cacheCapacity: 2Gi\n";
  ASSERT_NE(input.find(marker), std::string::npos);

  FunctionResult plain = run_function(input, FunctionOptions{});
  ASSERT_TRUE(plain.ok);
  EXPECT_TRUE(has_rule(plain.findings, "secret-key-ignored"));

  std::string disabled = input;
  disabled.replace(disabled.find(marker), marker.size(), marker + "    rules:\n      disabled: [secret-key-ignored]\n");
  FunctionResult quiet = run_function(disabled, FunctionOptions{});
  ASSERT_TRUE(quiet.ok);
  EXPECT_FALSE(has_rule(quiet.findings, "secret-key-ignored"));
  EXPECT_EQ(quiet.findings.size() + 1, plain.findings.size());
}

struct CliResult {
  int status = -1;
  std::string out, err;
};

CliResult cli(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path() / ("vg-options-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cmd = std::string(VG_BINARY) + " " + args + " </dev/null >" + (dir / "out").string() + " 2>" +
                          (dir / "err").string();
  CliResult r;
  const int rc = std::system(cmd.c_str());
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

// The four subcommands share one option parser: the same words for the same mistakes.
TEST(CommandLine, UsageErrorsAreWordedAlike) {
  const struct {
    std::string command, prefix;
  } commands[] = {{"", "volsync-gen: "},
                  {"lint", "volsync-gen lint: "},
                  {"render", "volsync-gen render: "},
                  {"inventory", "volsync-gen inventory: "}};
  for (const auto& c : commands) {
    CliResult r = cli(c.command + " --no-such-option");
    EXPECT_EQ(r.status, 2) << c.command;
    EXPECT_EQ(r.err.rfind(c.prefix, 0), 0u) << c.command << ": " << r.err;
    EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;

    CliResult v = cli(c.command + " --version");
    EXPECT_EQ(v.status, 0) << c.command;
    EXPECT_EQ(v.out.rfind("volsync-gen ", 0), 0u) << v.out;
    CliResult h = cli(c.command + " --help");
    EXPECT_EQ(h.status, 0) << c.command;
    EXPECT_NE(h.out.find("--help"), std::string::npos);
  }
  CliResult f = cli("lint --format xml -");
  EXPECT_EQ(f.status, 2);
  EXPECT_EQ(f.err, "volsync-gen lint: unknown --format xml (text, json, sarif, github)\n");
  f = cli("inventory --format xml");
  EXPECT_EQ(f.status, 2);
  EXPECT_EQ(f.err, "volsync-gen inventory: unknown --format xml (markdown, json, csv, html, svg)\n");
}

TEST(CommandLine, LintDisableIsCheckedAgainstTheRegistry) {
  CliResult r = cli("lint --disable retian-missing -");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "volsync-gen lint: --disable: no rule \"retian-missing\"; did you mean retain-missing? "
            "(lint --list-rules prints every rule id)\n");
  r = cli("lint --disable schema -");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("rule \"schema\" cannot be disabled"), std::string::npos) << r.err;
  r = cli("lint --list-rules");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("cache-small\twarning\tfunction\tcan-disable\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("yaml-parse\terror\tinput\talways\t"), std::string::npos);
}

}  // namespace
}  // namespace vg
