// Translations: ja, zh_CN and de are embedded under :/i18n, complete, and applied to the widgets.

#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>

#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/model_manager_dialog.h"
#include "hyperbagel/ui/translations.h"

using hb::ui::EngineClient;
using hb::ui::MainWindow;
using hb::ui::ModelManagerDialog;

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void embeddedInResources() {
        for (const char* code : {"de", "ja", "zh_CN"}) {
            const QString path = QStringLiteral(":/i18n/hyperbagel_%1.qm").arg(QString::fromLatin1(code));
            QVERIFY2(QFile::exists(path), qPrintable(path));
        }
        QCOMPARE(hb::ui::availableLanguages(),
                 QStringList({QStringLiteral("de"), QStringLiteral("ja"), QStringLiteral("zh_CN")}));
    }

    void everyStringTranslated_data() {
        QTest::addColumn<QString>("code");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("ja") << QStringLiteral("ja");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }

    void everyStringTranslated() {
        QFETCH(QString, code);
        QFile ts(QStringLiteral(HB_TRANSLATIONS_DIR "/hyperbagel_%1.ts").arg(code));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString xml = QString::fromUtf8(ts.readAll());
        QVERIFY(xml.count(QStringLiteral("<message")) > 100);
        QCOMPARE(xml.count(QStringLiteral("type=\"unfinished\"")), 0);
        QCOMPARE(xml.count(QStringLiteral("type=\"vanished\"")), 0);
        QCOMPARE(xml.count(QStringLiteral("type=\"obsolete\"")), 0);

        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/hyperbagel_%1.qm").arg(code)));
        const QString file = translator.translate("hb::ui::MainWindow", "&File");
        QVERIFY(!file.isEmpty());
        QVERIFY(file != QStringLiteral("&File"));
    }

    void unknownLanguageIsRejected() {
        QVERIFY(hb::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("xx")).isEmpty());
        QCOMPARE(hb::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("en")),
                 QStringLiteral("en"));
    }

    // Runs last: the German translator stays installed for the rest of the process.
    void germanIsApplied() {
        QCOMPARE(hb::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("de")),
                 QStringLiteral("de"));
        EngineClient engine;
        MainWindow window(engine);
        QCOMPARE(window.findChild<QMenu*>(QStringLiteral("menuFile"))->title(), QStringLiteral("&Datei"));
        QCOMPARE(window.findChild<QMenu*>(QStringLiteral("menuView"))->title(), QStringLiteral("&Ansicht"));
        QCOMPARE(window.findChild<QPushButton*>(QStringLiteral("generateButton"))->text(),
                 QStringLiteral("&Generieren"));
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("generateButton"))
                    ->toolTip()
                    .contains(QStringLiteral("Modell")));
        ModelManagerDialog dialog(engine);
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Modellverwaltung"));
        // The locale follows the language: German decimal commas in sizes.
        QCOMPARE(QLocale().language(), QLocale::German);
    }
};

QTEST_MAIN(TestTranslations)
#include "test_ui_translations.moc"
