// Mask brush: painting and erasing with the canvas brush set the expected mask pixels; the feathered
// blend keeps the source exactly outside the feathered band and takes the result exactly in the
// mask's core; the mask is per image; and a mask change re-runs Live, whose result (from the real
// engine on the golden model) is confined to the mask.

#include <QAction>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/mask_blend.h"
#include "hyperbagel/ui/prompt_bar.h"

#include "ui_test_support.h"

using hb::ui::CanvasView;
using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::LiveController;
using hb::ui::LiveStage;
using hb::ui::MainWindow;

namespace {
constexpr int kWaitMs = 90000;

int countMasked(const QImage& mask) {
    int count = 0;
    for (int y = 0; y < mask.height(); ++y) {
        for (int x = 0; x < mask.width(); ++x) {
            count += mask.constScanLine(y)[x] != 0 ? 1 : 0;
        }
    }
    return count;
}

/// Where a pixel lies relative to a hard mask and a feather radius, from the definition (not from
/// the blur): Outside when no masked pixel is within `radius` on both axes, Core when every pixel of
/// the (2 radius + 1)² square around it (clipped to the image) is masked, else Band.
enum class Zone { Outside, Band, Core };

Zone zoneOf(const QImage& mask, int x, int y, int radius) {
    bool any = false;
    bool all = true;
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const int sx = qBound(0, x + dx, mask.width() - 1);
            const int sy = qBound(0, y + dy, mask.height() - 1);
            const bool masked = mask.constScanLine(sy)[sx] != 0;
            any = any || masked;
            all = all && masked;
        }
    }
    return all ? Zone::Core : (any ? Zone::Band : Zone::Outside);
}

struct ZoneCounts {
    int outside = 0;
    int band = 0;
    int core = 0;
};

/// Checks `blended` against `source` and `result` zone by zone: Outside equals the source and Core
/// the result exactly; the band lies between the two (rounding aside). Returns how many of each.
ZoneCounts checkZones(const QImage& blended, const QImage& source, const QImage& result, const QImage& mask,
                      int radius) {
    ZoneCounts counts;
    const QImage out = blended.convertToFormat(QImage::Format_RGB888);
    const QImage src = source.convertToFormat(QImage::Format_RGB888);
    const QImage res = result.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < out.height(); ++y) {
        for (int x = 0; x < out.width(); ++x) {
            const Zone zone = zoneOf(mask, x, y, radius);
            for (int c = 0; c < 3; ++c) {
                const int o = out.constScanLine(y)[3 * x + c];
                const int s = src.constScanLine(y)[3 * x + c];
                const int r = res.constScanLine(y)[3 * x + c];
                if (zone == Zone::Outside && o != s) {
                    qWarning("outside the band at %d,%d: %d, source %d", x, y, o, s);
                    return {};
                }
                if (zone == Zone::Core && o != r) {
                    qWarning("in the core at %d,%d: %d, result %d", x, y, o, r);
                    return {};
                }
                if (zone == Zone::Band && (o < qMin(s, r) - 1 || o > qMax(s, r) + 1)) {
                    qWarning("in the band at %d,%d: %d not between %d and %d", x, y, o, s, r);
                    return {};
                }
            }
            (zone == Zone::Outside ? counts.outside : zone == Zone::Core ? counts.core : counts.band) += 1;
        }
    }
    return counts;
}

QImage gradient(QSize size, int seed) {
    QImage image(size, QImage::Format_RGB888);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            image.setPixelColor(x, y,
                                QColor((x * 7 + seed) % 256, (y * 5 + 3 * seed) % 256, (x + y + seed) % 256));
        }
    }
    return image;
}
} // namespace

class TestMask : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void brushPaintsAndErases() {
        CanvasView canvas;
        canvas.resize(400, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        canvas.setImage(gradient(QSize(100, 80), 0));
        QSignalSpy changed(&canvas, &CanvasView::maskChanged);
        QVERIFY(!canvas.hasMask());
        QVERIFY(canvas.mask().isNull());

        canvas.setBrushSize(20);                                     // radius 10
        canvas.strokeMask(QPointF(30.5, 40.5), QPointF(30.5, 40.5)); // one dab centred on pixel 30,40
        QCOMPARE(changed.count(), 1);
        QVERIFY(canvas.hasMask());
        const QImage dab = canvas.mask();
        QCOMPARE(dab.size(), QSize(100, 80));
        QCOMPARE(dab.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(dab.pixel(30, 40)), 255);
        QCOMPARE(qGray(dab.pixel(40, 40)), 255); // 10 px right: on the rim
        QCOMPARE(qGray(dab.pixel(41, 40)), 0);   // 11 px: outside
        QCOMPARE(qGray(dab.pixel(30, 30)), 255);
        QCOMPARE(qGray(dab.pixel(38, 48)), 0); // the corner of the bounding square is not a disc
        QCOMPARE(qGray(dab.pixel(0, 0)), 0);
        const int disc = countMasked(dab);
        QVERIFY2(disc > 300 && disc < 330, qPrintable(QString::number(disc))); // π · 10² ≈ 314
        QCOMPARE(canvas.maskFeatherRadius(), hb::ui::featherRadiusForBrush(20));
        QCOMPARE(hb::ui::featherRadiusForBrush(20), 5); // proportional to the brush
        canvas.strokeMask(QPointF(30.5, 40.5), QPointF(30.5, 40.5)); // the same dab: no change, no signal
        QCOMPARE(changed.count(), 1);

        // A mouse stroke with the brush on: a band from x 60 to 90 along row 20, one maskChanged.
        canvas.setBrushEnabled(true);
        canvas.setBrushSize(6);
        const QRectF r = canvas.imageRect();
        const auto at = [&r](double x, double y) {
            return QPointF(r.left() + x / 100.0 * r.width(), r.top() + y / 80.0 * r.height()).toPoint();
        };
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, at(60.5, 20.5));
        QMouseEvent move(QEvent::MouseMove, QPointF(at(90.5, 20.5)),
                         canvas.mapToGlobal(QPointF(at(90.5, 20.5))), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(&canvas, &move);
        QCOMPARE(changed.count(), 1); // not while the stroke goes on
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, at(90.5, 20.5));
        QCOMPARE(changed.count(), 2);
        const QImage stroked = canvas.mask();
        for (int x = 62; x <= 88; x += 2) {
            QVERIFY2(qGray(stroked.pixel(x, 20)) == 255, qPrintable(QString::number(x)));
        }
        QCOMPARE(qGray(stroked.pixel(75, 28)), 0);   // below the band
        QCOMPARE(qGray(stroked.pixel(30, 40)), 255); // the first dab is still there

        // Erasing the first dab's centre leaves the rest.
        canvas.setBrushMode(CanvasView::BrushMode::Erase);
        canvas.setBrushSize(4);
        canvas.strokeMask(QPointF(30.5, 40.5), QPointF(30.5, 40.5));
        QCOMPARE(changed.count(), 3);
        QCOMPARE(qGray(canvas.mask().pixel(30, 40)), 0);
        QCOMPARE(qGray(canvas.mask().pixel(30, 33)), 255);

        // The overlay tints masked pixels and can be hidden.
        const auto shown = [&canvas, &at](double x, double y) {
            return canvas.grab().toImage().pixelColor(at(x, y));
        };
        const QColor base = gradient(QSize(100, 80), 0).pixelColor(75, 20);
        QVERIFY(shown(75.5, 20.5) != base);
        canvas.setMaskVisible(false);
        QCOMPARE(shown(75.5, 20.5), base);

        canvas.clearMask();
        QCOMPARE(changed.count(), 4);
        QVERIFY(!canvas.hasMask());
        QVERIFY(canvas.mask().isNull());
        canvas.clearMask(); // nothing to clear: no signal
        QCOMPARE(changed.count(), 4);

        // A new image starts without a mask.
        canvas.setBrushMode(CanvasView::BrushMode::Paint);
        canvas.strokeMask(QPointF(10, 10), QPointF(20, 10));
        QVERIFY(canvas.hasMask());
        canvas.setImage(gradient(QSize(100, 80), 9));
        QVERIFY(!canvas.hasMask());
    }

    void featheredBlendKeepsSourceOutsideTheBand() {
        const QSize size(64, 48);
        const QImage source = gradient(size, 0);
        const QImage result = gradient(size, 101);
        QImage mask(size, QImage::Format_Grayscale8);
        mask.fill(0);
        for (int y = 14; y < 36; ++y) {
            for (int x = 20; x < 52; ++x) {
                mask.scanLine(y)[x] = 255;
            }
        }
        mask.scanLine(47)[63] = 255; // a lone pixel in the corner: the feather must not wrap around
        for (int radius : {0, 3, 6}) {
            const QImage alpha = hb::ui::featherMask(mask, radius);
            QCOMPARE(alpha.size(), size);
            const QImage blended = hb::ui::blendThroughMask(source, result, alpha);
            QCOMPARE(blended.size(), size);
            const ZoneCounts zones = checkZones(blended, source, result, mask, radius);
            QVERIFY2(zones.outside > 0 && zones.core > 0,
                     qPrintable(QStringLiteral("radius %1").arg(radius)));
            if (radius > 0) {
                QVERIFY(zones.band > 0);
                // Feathered symmetrically about the edge (between x 19 and 20): a and 255 - a.
                const int inside = qGray(alpha.pixel(20, 25));
                const int outside = qGray(alpha.pixel(19, 25));
                QVERIFY2(inside > 128 && inside < 255 && outside > 0 && qAbs(inside + outside - 255) <= 1,
                         qPrintable(QStringLiteral("%1 + %2").arg(inside).arg(outside)));
            } else {
                QCOMPARE(zones.band, 0);
            }
        }
        // A result of another size (the engine's latent grid) is scaled to the source first.
        const QImage larger = gradient(QSize(80, 60), 7);
        const QImage blended = hb::ui::blendThroughMask(source, larger, hb::ui::featherMask(mask, 4));
        QCOMPARE(blended.size(), size);
        QCOMPARE(blended.pixelColor(2, 2), source.pixelColor(2, 2));
        // No mask: the result as it came.
        QCOMPARE(hb::ui::blendThroughMask(source, result, QImage()), result);
    }

    /// A mask change submits a live job like a prompt change; the engine's answer keeps the source
    /// outside the feathered band and matches the unmasked result of the same seed in the core.
    void maskChangeRunsLiveConfinedToTheMask() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
        engine.loadModel(hbuitest::goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        window.live()->setTimesteps(4, 6);
        const QImage source = gradient(QSize(32, 32), 0);
        window.openImage(source, QStringLiteral("gradient"));
        QList<GeneratedImage> shown;
        connect(&window, &MainWindow::resultShown, this,
                [&shown](const GeneratedImage& r) { shown.append(r); });
        QList<quint64> submitted;
        connect(window.live(), &LiveController::jobSubmitted, this,
                [&submitted](quint64 id, int /*stage*/, const LiveStage& /*what*/) { submitted.append(id); });

        window.promptBar()->setLive(true);
        QVERIFY(window.live()->isActive());
        window.promptBar()->setInstruction(QStringLiteral("make it blue"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.live()->isBusy(), kWaitMs);
        QCOMPARE(shown.size(), 2); // the live stage and its refine, unmasked
        const GeneratedImage unmasked = shown.last();
        QVERIFY(!unmasked.masked);
        QCOMPARE(unmasked.model, QStringLiteral("model"));
        shown.clear();
        submitted.clear();

        // Paint: nothing else changed, yet Live runs again after the debounce.
        CanvasView* canvas = window.canvas();
        canvas->setBrushSize(12);
        canvas->strokeMask(QPointF(16, 16), QPointF(16, 16));
        QVERIFY(window.live()->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!submitted.isEmpty(), 5000);
        QVERIFY(!window.live()->mask().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(!window.live()->isBusy(), kWaitMs);
        QCOMPARE(shown.size(), 2);
        const GeneratedImage masked = shown.last();
        QVERIFY(masked.masked);
        QCOMPARE(masked.seed, unmasked.seed);
        QCOMPARE(masked.image.size(), source.size());
        const QImage rawResult =
            unmasked.image.size() == source.size()
                ? unmasked.image
                : unmasked.image.scaled(source.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        const ZoneCounts zones =
            checkZones(masked.image, source, rawResult, canvas->mask(), canvas->maskFeatherRadius());
        qInfo("engine result %dx%d over a %dx%d source; feather %d px: %d pixels kept, %d mixed, %d edited",
              unmasked.image.width(), unmasked.image.height(), source.width(), source.height(),
              canvas->maskFeatherRadius(), zones.outside, zones.band, zones.core);
        QVERIFY(zones.outside > 0 && zones.core > 0 && zones.band > 0);

        // Applying keeps the mask for the new node; opening another image starts without one.
        window.applyResult();
        QVERIFY(canvas->hasMask());
        window.openImage(gradient(QSize(32, 32), 50), QStringLiteral("other"));
        QVERIFY(!canvas->hasMask());
        QVERIFY(window.live()->mask().isNull());
        window.promptBar()->setLive(false);
    }
};

QTEST_MAIN(TestMask)
#include "test_ui_mask.moc"
