#include "degrade.h"

#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace swtest {

hb::Image degrade(const hb::Image& image, const Degradation& d, hb::shapeworld::Rng& rng) {
    cv::Mat pixels(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
    cv::Mat values;
    pixels.convertTo(values, CV_32F);
    if (d.blurSigma > 0) {
        cv::GaussianBlur(values, values, {0, 0}, d.blurSigma);
    }
    double shift[3];
    for (double& s : shift) {
        s = rng.uniform(-d.colourShift, d.colourShift);
    }
    values += cv::Scalar(shift[0], shift[1], shift[2]);
    if (d.noiseSigma > 0) {
        // cv::RNG is deterministic for a given seed; the seed comes from the caller's Rng.
        cv::RNG noise(rng.next());
        cv::Mat gaussian(values.size(), values.type());
        noise.fill(gaussian, cv::RNG::NORMAL, cv::Scalar::all(0.0), cv::Scalar::all(d.noiseSigma));
        values += gaussian;
    }
    cv::Mat out;
    values.convertTo(out, CV_8U); // saturates
    if (d.jpegQuality > 0) {
        std::vector<unsigned char> bytes;
        cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, d.jpegQuality});
        out = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    }
    hb::Image result;
    result.width = image.width;
    result.height = image.height;
    result.rgb.assign(out.data, out.data + out.total() * 3);
    return result;
}

} // namespace swtest
