// Error codes: names are stable and round-trip; Result carries either a value or an error.

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "hyperbagel/engine/error.h"

TEST(Error, EveryCodeHasAUniqueRoundTrippingName) {
    std::set<std::string> names;
    for (int i = 0; i < static_cast<int>(hb::ErrorCode::Count); ++i) {
        const auto code = static_cast<hb::ErrorCode>(i);
        const std::string name(hb::toString(code));
        EXPECT_NE(name, "unknown");
        EXPECT_TRUE(names.insert(name).second) << name;
        EXPECT_EQ(hb::errorCodeFromString(name), code);
    }
    EXPECT_FALSE(hb::errorCodeFromString("no_such_code").has_value());
}

TEST(Error, ResultHoldsValueOrError) {
    hb::Result<int> good = 42;
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 42);
    hb::Result<int> bad = hb::makeError(hb::ErrorCode::BadFormat, "x.safetensors: broken");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, hb::ErrorCode::BadFormat);
    EXPECT_EQ(bad.error().describe(), "bad_format: x.safetensors: broken");
    hb::Result<void> done;
    EXPECT_TRUE(done.ok());
    hb::Result<void> failed = hb::makeError(hb::ErrorCode::Cancelled, "stopped");
    EXPECT_FALSE(failed.ok());
}
