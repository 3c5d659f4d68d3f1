#include "volsync/kopia_mover.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(KopiaMover, MoverNames) {
  EXPECT_FALSE(mover_error("restic"));
  EXPECT_FALSE(mover_error("kopia"));
  auto e = mover_error("kopai");
  ASSERT_TRUE(e);
  EXPECT_NE(e->find("\"kopai\" is not a mover (restic, kopia); did you mean kopia?"), std::string::npos) << *e;
  e = mover_error("Restic");
  ASSERT_TRUE(e);
  EXPECT_NE(e->find("did you mean restic?"), std::string::npos) << *e;
  e = mover_error("rsync-tls");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->find("did you mean"), std::string::npos) << *e;
}

TEST(KopiaMover, Compression) {
  for (const char* ok : {"zstd-fastest", "zstd", "s2-default", "pgzip", "lz4", "none", "deflate-best-compression"})
    EXPECT_FALSE(kopia_compression_error(ok)) << ok;
  auto e = kopia_compression_error("zstd-fast");
  ASSERT_TRUE(e);
  EXPECT_NE(e->find("did you mean zstd-fastest?"), std::string::npos) << *e;
  EXPECT_TRUE(kopia_compression_error(""));
}

TEST(KopiaMover, EffectiveRetainFillsKopiasDefaults) {
  Retain r;
  r.hourly = 24;
  r.daily = 7;
  const Retain full = kopia_effective_retain(r);
  EXPECT_EQ(full.hourly, 24);
  EXPECT_EQ(full.daily, 7);
  EXPECT_EQ(full.weekly, 4);    // kopia's defaults for the keys left out
  EXPECT_EQ(full.monthly, 24);
  EXPECT_EQ(full.yearly, 3);
  EXPECT_EQ(full.latest, 10);
  EXPECT_FALSE(full.within);
  EXPECT_FALSE(full.last);
  Retain zero;
  zero.monthly = 0;  // 0 is a value (keep none), not "unset"
  EXPECT_EQ(kopia_effective_retain(zero).monthly, 0);
}

TEST(KopiaMover, RetainKeysOfTheOtherMover) {
  Retain within;
  within.within = "30d";
  Retain last;
  last.last = "3";
  Retain latest;
  latest.latest = 3;
  ASSERT_TRUE(retain_mover_error(within, "kopia"));
  EXPECT_NE(retain_mover_error(within, "kopia")->find("retain.within is restic's"), std::string::npos);
  ASSERT_TRUE(retain_mover_error(last, "kopia"));
  EXPECT_NE(retain_mover_error(last, "kopia")->find("kopia mover's key is latest"), std::string::npos);
  EXPECT_FALSE(retain_mover_error(latest, "kopia"));
  EXPECT_FALSE(retain_mover_error(within, "restic"));
  EXPECT_FALSE(retain_mover_error(last, "restic"));
  ASSERT_TRUE(retain_mover_error(latest, "restic"));
  EXPECT_NE(retain_mover_error(latest, "restic")->find("restic mover's key is last"), std::string::npos);
}

}  // namespace
}  // namespace vg
