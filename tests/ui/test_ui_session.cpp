// The session folder: a child process (hb_session_child: the app's EngineClient, MainWindow and
// SessionStore on the golden model) is killed with SIGKILL in the middle of a generation; restarting
// on the same session root restores every applied result (pixel for pixel, with its place in the
// tree), the current node with its mask and the last live result. A cleanly closed session is not
// restored.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/session_store.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::MainWindow;
using hb::ui::SessionStore;

namespace {

constexpr int kChildMs = 100000;

using hbuitest::pixelHash;

struct ExpectedNode {
    int id = 0;
    int parent = 0;
    QByteArray hash;
};

} // namespace

class TestSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void killedDuringAJobRestoresEverything() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QProcess child;
        child.setProgram(QStringLiteral(HB_SESSION_CHILD));
        child.setArguments({root.path()});
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start();
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

        QList<ExpectedNode> nodes;
        int current = 0;
        int maskNode = 0;
        QByteArray maskHash;
        int maskFeather = -1;
        QByteArray liveHash;
        QString livePrompt;
        QString folder;
        bool ready = false;
        while (!ready && child.state() == QProcess::Running) {
            if (!child.canReadLine() && !child.waitForReadyRead(kChildMs)) {
                break;
            }
            while (child.canReadLine()) {
                const QString line = QString::fromUtf8(child.readLine()).trimmed();
                const QStringList words = line.split(QLatin1Char(' '));
                if (words.first() == QStringLiteral("NODE")) {
                    nodes.append({words.at(1).toInt(), words.at(2).toInt(), words.at(3).toLatin1()});
                } else if (words.first() == QStringLiteral("CURRENT")) {
                    current = words.at(1).toInt();
                } else if (words.first() == QStringLiteral("MASK")) {
                    maskNode = words.at(1).toInt();
                    maskHash = words.at(2).toLatin1();
                    maskFeather = words.at(3).toInt();
                } else if (words.first() == QStringLiteral("LIVE")) {
                    liveHash = words.at(1).toLatin1();
                    livePrompt = line.section(QLatin1Char(' '), 2);
                } else if (words.first() == QStringLiteral("FOLDER")) {
                    folder = line.section(QLatin1Char(' '), 1);
                } else if (line == QStringLiteral("READY")) {
                    ready = true;
                }
            }
        }
        QVERIFY2(ready, child.readAllStandardError().constData());
        child.kill(); // SIGKILL while the long refine runs: no destructor, no close()
        QVERIFY(child.waitForFinished(kChildMs));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QCOMPARE(nodes.size(), 4);
        QVERIFY(QFile::exists(QDir(folder).filePath(QStringLiteral("session.lock")))); // left behind

        // The restart: the same session code, on the same root.
        SessionStore store;
        QVERIFY(store.open(root.path()));
        QVERIFY(store.wasRecovered());
        QCOMPARE(QDir::toNativeSeparators(store.folder()), folder);
        EngineClient engine;
        MainWindow window(engine);
        window.attachSession(&store);
        QCOMPARE(window.history()->count(), nodes.size());
        for (const ExpectedNode& expected : std::as_const(nodes)) {
            const hb::ui::HistoryNode* node = window.history()->node(expected.id);
            QVERIFY(node != nullptr);
            QCOMPARE(node->parentId, expected.parent);
            QCOMPARE(pixelHash(node->image), expected.hash);
        }
        QCOMPARE(window.history()->currentId(), current);
        // The current node's mask, as it was after the undone eraser stroke.
        QCOMPARE(maskNode, current);
        QVERIFY(store.recovered().problems.isEmpty());
        QVERIFY(window.canvas()->hasMask());
        QCOMPARE(pixelHash(window.canvas()->mask()), maskHash);
        QCOMPARE(window.canvas()->maskFeatherRadius(), maskFeather);
        QVERIFY(window.hasResult());
        QCOMPARE(window.result().prompt, livePrompt);
        QCOMPARE(pixelHash(window.result().image), liveHash);
        QCOMPARE(pixelHash(window.canvas()->image()), liveHash);
        QCOMPARE(window.promptBar()->instruction(), livePrompt);

        // The recovered session goes on: applying the restored result saves a fifth node; a clean
        // close means the next start opens a new session.
        window.applyResult();
        QCOMPARE(window.history()->count(), 5);
        store.close();
        SessionStore next;
        QVERIFY(next.open(root.path()));
        QVERIFY(!next.wasRecovered());
        QVERIFY(next.folder() != store.folder());
        // The closed session's index names all five nodes and no live result.
        QFile index(QDir(folder).filePath(QStringLiteral("index.json")));
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QByteArray json = index.readAll();
        QVERIFY(json.contains("\"closed\": true"));
        QCOMPARE(json.count("\"file\": \"node-"), 5);
        QVERIFY(!json.contains("\"live\""));
    }

    void cleanCloseIsNotRecoveredAndEmptySessionsVanish() {
        QTemporaryDir root;
        QString kept;
        {
            SessionStore store;
            QVERIFY(store.open(root.path()));
            QVERIFY(!store.wasRecovered());
            EngineClient engine;
            MainWindow window(engine);
            window.attachSession(&store);
            QImage image(16, 16, QImage::Format_RGB888);
            image.fill(Qt::cyan);
            window.openImage(image, QStringLiteral("cyan"));
            kept = store.folder();
            store.close();
        }
        QVERIFY(QFile::exists(QDir(kept).filePath(QStringLiteral("node-1.png"))));
        QImage saved(QDir(kept).filePath(QStringLiteral("node-1.png")));
        QCOMPARE(saved.pixelColor(3, 3), QColor(Qt::cyan));
        // A session that died before saving anything (no index yet) is removed, not recovered.
        const QString stillborn = QDir(root.path()).filePath(QStringLiteral("session-99999999-000000-000"));
        QVERIFY(QDir().mkpath(stillborn));
        {
            SessionStore store;
            QVERIFY(store.open(root.path()));
            QVERIFY(!store.wasRecovered()); // the other one was closed cleanly
            QVERIFY(!QDir(stillborn).exists());
            const QString empty = store.folder();
            store.close();
            QVERIFY(!QDir(empty).exists()); // nothing was saved in it
        }
    }

    void defaultRootFollowsTheEnvironment() {
        qputenv("HB_SESSION_DIR", "/tmp/hb-sessions-test");
        QCOMPARE(SessionStore::defaultRoot(), QStringLiteral("/tmp/hb-sessions-test"));
        qunsetenv("HB_SESSION_DIR");
        QVERIFY(SessionStore::defaultRoot().endsWith(QStringLiteral("/sessions")));
    }
};

QTEST_MAIN(TestSession)
#include "test_ui_session.moc"
