// `make` builds the binary alone, so the README's first command is quick on a fresh machine; the
// tests are built by `make test` (and so `make check`, .ci/run) only (issue 12, point 11). Checked on
// the commands make would run (make -n), in a scratch build directory.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

std::string dry_run(const std::string& target) {
  const std::string cmd = "make -n -C '" + std::string(VG_SOURCE_DIR) + "' " + target + " BUILD=/nonexistent/b 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  for (std::size_t n; p && (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (p) pclose(p);
  return out;
}

TEST(Makefile, MakeBuildsTheBinaryAloneAndMakeTestBuildsAndRunsTheTests) {
  for (const char* target : {"", "build", "example", "install"}) {
    const std::string out = dry_run(target);
    SCOPED_TRACE(std::string("make ") + target + "\n" + out);
    EXPECT_NE(out.find("cmake --build /nonexistent/b"), std::string::npos);
    EXPECT_NE(out.find("--target volsync-gen"), std::string::npos);
    EXPECT_EQ(out.find("ctest"), std::string::npos);
  }
  for (const char* target : {"test", "check"}) {
    const std::string out = dry_run(target);
    SCOPED_TRACE(std::string("make ") + target + "\n" + out);
    EXPECT_NE(out.find("-DVG_TESTS=ON"), std::string::npos);
    EXPECT_NE(out.find("cmake --build /nonexistent/b -j"), std::string::npos);
    EXPECT_EQ(out.find("--target"), std::string::npos) << "make test builds every target";
    EXPECT_NE(out.find("ctest"), std::string::npos);
  }
}

}  // namespace
