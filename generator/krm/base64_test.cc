#include "krm/base64.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::optional<std::string>(plain)) << encoded;
  }
}

TEST(Base64, BinaryRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); len += 37) {
    const std::string s = all.substr(all.size() - len);
    EXPECT_EQ(base64_decode(base64_encode(s)), std::optional<std::string>(s)) << len;
  }
  EXPECT_EQ(base64_encode("\xff\xfe\xfd"), "//79");
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
}

TEST(Base64, LenientTrailingBitsLikeGo) { EXPECT_EQ(base64_decode("QR=="), "A"); }

TEST(Base64, RejectsInvalid) {
  for (const char* bad : {
           "Zg", "Zg=", "Zm9", "Z", "Zg===", "====", "=Zg=", "Zg==Zg==", "Z===", "Zm9v\n",
           "Zm9v YmFy", " Zm9v", "Zm9v\r\n", "Zm9v\tYmFy", "Zm-v", "Zm_v", "Zm9v!", "Zm\x80v",
           "Zm9vYmFy=", "Z=g=",
       }) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace vg
