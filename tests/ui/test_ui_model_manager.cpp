// Model manager and EngineClient: inspections run on the engine thread, the newest request wins,
// the golden model is reported valid with its findings, and a missing folder shows an error.

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeWidget>

#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/error_text.h"
#include "hyperbagel/ui/model_manager_dialog.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::ModelManagerDialog;

namespace {
using hbuitest::goldenModel;
constexpr int kWaitMs = 60000;
} // namespace

class TestModelManager : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("HyperBagelTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_model_manager"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_tmp.filePath(QStringLiteral("settings")));
    }

    void errorTextCoversEveryCode() {
        QStringList seen;
        for (int code = 0; code < static_cast<int>(hb::ErrorCode::Count); ++code) {
            const QString text = hb::ui::ErrorText::summary(static_cast<hb::ErrorCode>(code));
            QVERIFY(!text.isEmpty());
            QVERIFY2(!seen.contains(text), qPrintable(text));
            seen << text;
        }
        QVERIFY(!hb::ui::ErrorText::isReportable(hb::ErrorCode::Cancelled));
        const QString described =
            hb::ui::ErrorText::describe({hb::ErrorCode::BadFormat, "ema.safetensors: header too short"});
        QVERIFY(described.startsWith(hb::ui::ErrorText::summary(hb::ErrorCode::BadFormat)));
        QVERIFY(described.endsWith(QStringLiteral("header too short")));
    }

    void engineThreadIsNamed() {
        EngineClient engine;
        QVERIFY(engine.engineThread() != nullptr);
        QCOMPARE(engine.engineThread()->objectName(), QStringLiteral("EngineThread"));
        QVERIFY(engine.engineThread()->isRunning());
        QVERIFY(engine.engineThread() != QThread::currentThread());
    }

    void missingFolderFails() {
        EngineClient engine;
        const QString missing = m_tmp.filePath(QStringLiteral("no-such-model"));
        QSignalSpy failed(&engine, &EngineClient::inspectionFailed);
        QSignalSpy inspected(&engine, &EngineClient::checkpointInspected);
        engine.inspectCheckpoint(missing);
        QVERIFY(engine.isInspecting());
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(inspected.count(), 0);
        QCOMPARE(failed.first().at(0).toString(), missing);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("does not exist")));
        QVERIFY(!engine.isInspecting());
    }

    void newestRequestWins() {
        if (!QDir(goldenModel()).exists()) {
            QSKIP("golden model not present");
        }
        EngineClient engine;
        QSignalSpy failed(&engine, &EngineClient::inspectionFailed);
        QSignalSpy inspected(&engine, &EngineClient::checkpointInspected);
        engine.inspectCheckpoint(goldenModel());
        engine.inspectCheckpoint(m_tmp.filePath(QStringLiteral("missing-1")));
        engine.inspectCheckpoint(m_tmp.filePath(QStringLiteral("missing-2")));
        QVERIFY(failed.wait(kWaitMs));
        QTest::qWait(200); // a superseded result would arrive by now
        QCOMPARE(failed.count(), 1);
        QCOMPARE(inspected.count(), 0);
        QCOMPARE(failed.first().at(0).toString(), m_tmp.filePath(QStringLiteral("missing-2")));
    }

    void inspectsGoldenModel() {
        if (!QDir(goldenModel()).exists()) {
            QSKIP("golden model not present");
        }
        EngineClient engine;
        ModelManagerDialog dialog(engine);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* load = dialog.findChild<QPushButton*>(QStringLiteral("loadButton"));
        QVERIFY(load && !load->isEnabled());
        auto* unload = dialog.findChild<QPushButton*>(QStringLiteral("unloadButton"));
        QVERIFY(unload && !unload->isEnabled());
        auto* copy = dialog.findChild<QPushButton*>(QStringLiteral("copyReportButton"));
        QVERIFY(copy && !copy->isEnabled());

        QSignalSpy finished(&dialog, &ModelManagerDialog::inspectionFinished);
        dialog.setFolder(goldenModel());
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("inspectButton")), Qt::LeftButton);
        QVERIFY(dialog.isInspecting());
        QVERIFY(!dialog.findChild<QProgressBar*>(QStringLiteral("inspectProgress"))->isHidden());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(dialog.findChild<QProgressBar*>(QStringLiteral("inspectProgress"))->isHidden());

        QVERIFY(dialog.hasReport());
        const hb::CheckpointReport& report = dialog.report();
        QVERIFY2(report.valid, hb::formatReportText(report).c_str());
        auto* verdict = dialog.findChild<QLabel*>(QStringLiteral("reportVerdict"));
        QVERIFY(verdict->property("valid").toBool());
        QVERIFY(verdict->text().contains(QStringLiteral("Valid")));

        auto* findings = dialog.findChild<QTreeWidget*>(QStringLiteral("findingsTree"));
        QCOMPARE(findings->topLevelItemCount(), static_cast<int>(report.findings.size()));
        QVERIFY(!report.findings.empty()); // e.g. the loader's config overrides are listed as notes
        const QString firstMessage = findings->topLevelItem(0)->text(4);
        QVERIFY(!firstMessage.isEmpty());
        QVERIFY(!findings->topLevelItem(0)->icon(0).isNull());

        auto* contents = dialog.findChild<QTreeWidget*>(QStringLiteral("reportTree"));
        QCOMPARE(contents->topLevelItemCount(), 4); // configuration, files, components, data types
        QCOMPARE(contents->topLevelItem(1)->childCount(), static_cast<int>(report.files.size()));
        QCOMPARE(contents->topLevelItem(2)->childCount(), static_cast<int>(report.components.size()));
        auto* memory = dialog.findChild<QTableWidget*>(QStringLiteral("memoryTable"));
        QCOMPARE(memory->rowCount(), static_cast<int>(report.memory.size()));
        QVERIFY(memory->rowCount() > 0);
        QVERIFY(copy->isEnabled());

        // Load: runs on the engine thread with the chosen device and precision; Unload drops it.
        auto* device = dialog.findChild<QComboBox*>(QStringLiteral("deviceCombo"));
        QVERIFY(device && device->currentData().toString() == QStringLiteral("cpu"));
        QVERIFY(load->isEnabled());
        QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY(engine.isLoading());
        QVERIFY(!load->isEnabled());
        QVERIFY(!dialog.findChild<QProgressBar*>(QStringLiteral("inspectProgress"))->isHidden());
        QVERIFY(loaded.wait(kWaitMs));
        QVERIFY(engine.isModelLoaded());
        QVERIFY(dialog.findChild<QProgressBar*>(QStringLiteral("inspectProgress"))->isHidden());
        QVERIFY(unload->isEnabled());
        QSignalSpy unloaded(&engine, &EngineClient::modelUnloaded);
        QTest::mouseClick(unload, Qt::LeftButton);
        QVERIFY(!engine.isModelLoaded());
        QVERIFY(!unload->isEnabled());
        QVERIFY(unloaded.wait(kWaitMs));
    }

    void offersEveryGpuAsADevice() {
        EngineClient engine;
        const auto devices = [&engine] {
            ModelManagerDialog dialog(engine);
            auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("deviceCombo"));
            QStringList names;
            for (int i = 0; i < combo->count(); ++i) {
                names.append(combo->itemData(i).toString());
            }
            return names;
        };
        QCOMPARE(devices(), QStringList{QStringLiteral("cpu")});
        engine.setCudaDevices(2);
        QCOMPARE(devices(),
                 (QStringList{QStringLiteral("cpu"), QStringLiteral("cuda:0"), QStringLiteral("cuda:1")}));
    }

    void missingFolderShowsError() {
        EngineClient engine;
        ModelManagerDialog dialog(engine);
        dialog.show();
        QSignalSpy finished(&dialog, &ModelManagerDialog::inspectionFinished);
        dialog.setFolder(m_tmp.filePath(QStringLiteral("nowhere")));
        dialog.inspect();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY(!dialog.hasReport());
        auto* verdict = dialog.findChild<QLabel*>(QStringLiteral("reportVerdict"));
        QVERIFY(!verdict->property("valid").toBool());
        QCOMPARE(verdict->text(), QStringLiteral("Inspection failed"));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("reportSummary"))
                    ->text()
                    .contains(QStringLiteral("does not exist")));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("copyReportButton"))->isEnabled());
    }
};

QTEST_MAIN(TestModelManager)
#include "test_ui_model_manager.moc"
