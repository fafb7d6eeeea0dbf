// Export: what the canvas shows is written off the GUI thread as PNG (with prompt, seed, tier, steps
// and model as text chunks that hb::readPngText gives back, non-ASCII too), and as JPEG and WebP
// when the installed Qt can write them; each format reads back with the same size and pixels
// (exactly for PNG, closely for the lossy ones). Transparency survives a PNG export.

#include <QImage>
#include <QImageWriter>
#include <QMap>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "hyperbagel/engine/image.h"
#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/image_io.h"
#include "hyperbagel/ui/main_window.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::ImageIo;
using hb::ui::MainWindow;

namespace {

/// A red disc on grey, as a generated result would look.
QImage picture() {
    QImage image(96, 64, QImage::Format_RGB888);
    image.fill(QColor(120, 120, 120));
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if ((x - 48) * (x - 48) + (y - 32) * (y - 32) < 400) {
                image.setPixelColor(x, y, QColor(220, 30, 30));
            }
        }
    }
    return image;
}

/// An edit of the window's current node, as the engine would deliver it.
GeneratedImage result(const MainWindow& window, const QString& prompt) {
    GeneratedImage r = hbuitest::editResult(window.history()->currentId(), picture(), prompt, 42);
    r.steps = 49;
    r.model = QStringLiteral("shapeworld");
    return r;
}

/// Mean absolute difference per channel between two images of the same size.
double meanDifference(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB888);
    const QImage y = b.convertToFormat(QImage::Format_RGB888);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        for (int i = 0; i < x.width() * 3; ++i) {
            sum += qAbs(int(x.constScanLine(row)[i]) - int(y.constScanLine(row)[i]));
        }
    }
    return sum / (x.width() * x.height() * 3.0);
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    /// Exports what `window` shows to `name` and waits for the write to finish.
    QString exportTo(MainWindow& window, const QString& name) {
        auto* io = window.findChild<ImageIo*>();
        QSignalSpy saved(io, &ImageIo::saved);
        QSignalSpy failed(io, &ImageIo::saveFailed);
        const QString path = m_tmp.filePath(name);
        window.exportImage(path);
        if (!saved.wait(10000)) {
            qWarning("export failed: %s",
                     failed.isEmpty() ? "timeout" : qPrintable(failed.first().at(1).toString()));
            return {};
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void offersOnlyWritableFormats() {
        const QStringList suffixes = ImageIo::exportSuffixes();
        QCOMPARE(suffixes.first(), QStringLiteral("png"));
        const QList<QByteArray> writable = QImageWriter::supportedImageFormats();
        QCOMPARE(suffixes.contains(QStringLiteral("jpg")), writable.contains("jpg"));
        QCOMPARE(suffixes.contains(QStringLiteral("webp")), writable.contains("webp"));
        qInfo("export formats here: %s", qPrintable(suffixes.join(QStringLiteral(", "))));
    }

    void pngKeepsPixelsAndMetadata() {
        EngineClient engine;
        MainWindow window(engine);
        window.openImage(picture(), QStringLiteral("disc"));
        window.showResult(result(window, QStringLiteral("make the red circle blue")));
        QVERIFY(window.hasResult());
        const QString path = exportTo(window, QStringLiteral("result.png"));
        QVERIFY(!path.isEmpty());

        QCOMPARE(hbuitest::pixelHash(QImage(path)), hbuitest::pixelHash(picture()));
        const auto text = hb::readPngText(path.toStdString());
        QVERIFY(text.ok());
        QMap<QString, QString> chunks;
        for (const auto& [key, value] : text.value()) {
            chunks.insert(QString::fromStdString(key), QString::fromStdString(value));
        }
        QCOMPARE(chunks.value(QStringLiteral("prompt")), QStringLiteral("make the red circle blue"));
        QCOMPARE(chunks.value(QStringLiteral("seed")), QStringLiteral("42"));
        QCOMPARE(chunks.value(QStringLiteral("tier")), QStringLiteral("full"));
        QCOMPARE(chunks.value(QStringLiteral("steps")), QStringLiteral("49"));
        QCOMPARE(chunks.value(QStringLiteral("model")), QStringLiteral("shapeworld"));
        QVERIFY(chunks.value(QStringLiteral("Software")).startsWith(QStringLiteral("HyperBagel Studio")));

        // Non-ASCII prompts come back intact (iTXt).
        const QString prompt = QStringLiteral("把红色的圆变成蓝色 · grün");
        window.showResult(result(window, prompt));
        const QString unicode = exportTo(window, QStringLiteral("unicode.png"));
        const auto back = hb::readPngText(unicode.toStdString());
        QVERIFY(back.ok());
        bool found = false;
        for (const auto& [key, value] : back.value()) {
            found = found || (key == "prompt" && QString::fromStdString(value) == prompt);
        }
        QVERIFY(found);

        // After Apply the node's parameters are exported.
        window.applyResult();
        QVERIFY(!window.hasResult());
        QCOMPARE(window.exportMetadata().first().second, prompt);
        // An opened image has no generation parameters, only the software.
        window.openImage(picture(), QStringLiteral("opened"));
        QCOMPARE(window.exportMetadata().size(), 1);
        QCOMPARE(window.exportMetadata().first().first, QStringLiteral("Software"));
    }

    void lossyFormatsRoundTrip_data() {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("jpg") << QStringLiteral("jpg") << 4.0;
        QTest::newRow("webp") << QStringLiteral("webp") << 6.0;
    }

    void lossyFormatsRoundTrip() {
        QFETCH(QString, suffix);
        QFETCH(double, tolerance);
        if (!ImageIo::exportSuffixes().contains(suffix)) {
            QSKIP("this Qt has no writer for the format (WebP needs qt6-image-formats-plugins)");
        }
        EngineClient engine;
        MainWindow window(engine);
        window.openImage(picture(), QStringLiteral("disc"));
        window.showResult(result(window, QStringLiteral("make the red circle blue")));
        const QString path = exportTo(window, QStringLiteral("result.") + suffix);
        QVERIFY(!path.isEmpty());
        const QImage back(path);
        QVERIFY(!back.isNull());
        QCOMPARE(back.size(), picture().size());
        const double difference = meanDifference(back, picture());
        QVERIFY2(difference < tolerance, qPrintable(QString::number(difference)));
    }

    void pngKeepsTransparency() {
        QImage clear(40, 30, QImage::Format_ARGB32);
        clear.fill(Qt::transparent);
        for (int x = 0; x < 20; ++x) {
            clear.setPixelColor(x, 10, QColor(10, 200, 30, 255));
        }
        EngineClient engine;
        MainWindow window(engine);
        window.openImage(clear, QStringLiteral("transparent"));
        const QString path = exportTo(window, QStringLiteral("alpha.png"));
        QVERIFY(!path.isEmpty());
        const QImage back(path);
        QVERIFY(back.hasAlphaChannel());
        QCOMPARE(back.pixelColor(30, 20).alpha(), 0);
        QCOMPARE(back.pixelColor(5, 10), QColor(10, 200, 30, 255));
    }
};

QTEST_MAIN(TestExport)
#include "test_ui_export.moc"
