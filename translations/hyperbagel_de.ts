<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ErrorText</name>
    <message>
        <source>The file or folder does not exist.</source>
        <translation>Die Datei oder der Ordner existiert nicht.</translation>
    </message>
    <message>
        <source>The file could not be read or written.</source>
        <translation>Die Datei konnte nicht gelesen oder geschrieben werden.</translation>
    </message>
    <message>
        <source>The file is damaged or not in the expected format.</source>
        <translation>Die Datei ist beschädigt oder hat nicht das erwartete Format.</translation>
    </message>
    <message>
        <source>A configuration file is malformed or inconsistent.</source>
        <translation>Eine Konfigurationsdatei ist fehlerhaft oder widersprüchlich.</translation>
    </message>
    <message>
        <source>The model folder is incomplete or does not match its configuration.</source>
        <translation>Der Modellordner ist unvollständig oder passt nicht zu seiner Konfiguration.</translation>
    </message>
    <message>
        <source>This build of HyperBagel Studio does not support this input.</source>
        <translation>Diese Version von HyperBagel Studio unterstützt diese Eingabe nicht.</translation>
    </message>
    <message>
        <source>The request is not possible with these settings.</source>
        <translation>Mit diesen Einstellungen ist die Anfrage nicht möglich.</translation>
    </message>
    <message>
        <source>There is not enough memory.</source>
        <translation>Es ist nicht genügend Arbeitsspeicher vorhanden.</translation>
    </message>
    <message>
        <source>There is not enough GPU memory. Try a smaller image, a lower precision or the CPU.</source>
        <translation>Der GPU-Speicher reicht nicht aus. Versuchen Sie ein kleineres Bild, eine geringere Genauigkeit oder die CPU.</translation>
    </message>
    <message>
        <source>The operation was cancelled.</source>
        <translation>Der Vorgang wurde abgebrochen.</translation>
    </message>
    <message>
        <source>An internal error occurred. Please report it together with the log file.</source>
        <translation>Ein interner Fehler ist aufgetreten. Bitte melden Sie ihn zusammen mit der Protokolldatei.</translation>
    </message>
</context>
<context>
    <name>hb::ui::CanvasView</name>
    <message>
        <source>Canvas</source>
        <translation>Leinwand</translation>
    </message>
    <message>
        <source>No image yet</source>
        <translation>Noch kein Bild</translation>
    </message>
    <message>
        <source>Open an image (%1), drop one here or paste one (%2).
Once a model is loaded, type an instruction below to edit it live, or press Generate.</source>
        <translation>Öffnen Sie ein Bild (%1), ziehen Sie eines hierher oder fügen Sie eines ein (%2).
Sobald ein Modell geladen ist, geben Sie unten eine Anweisung ein, um es live zu bearbeiten, oder klicken Sie auf „Generieren“.</translation>
    </message>
    <message>
        <source>Before (release \ to see the result)</source>
        <translation>Vorher (\ loslassen, um das Ergebnis zu sehen)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
</context>
<context>
    <name>hb::ui::ChatPane</name>
    <message>
        <source>Ask questions about the image on the canvas, e.g. “What colour is the car?”. Answers appear here, token by token, with their speed.</source>
        <translation>Stellen Sie Fragen zum Bild auf der Leinwand, z. B. „Welche Farbe hat das Auto?“. Die Antworten erscheinen hier Token für Token, mit ihrer Geschwindigkeit.</translation>
    </message>
    <message>
        <source>Ask about the image… (Ctrl+Enter sends)</source>
        <translation>Fragen zum Bild… (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&amp;Think first</source>
        <translation>&amp;Erst nachdenken</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>BAGEL</source>
        <translation>BAGEL</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>Zuerst muss ein Modell geladen werden (Modell ▸ Modellverwaltung…).</translation>
    </message>
    <message>
        <source>Send the question (Ctrl+Enter).</source>
        <translation>Frage senden (Strg+Eingabe).</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>Geben Sie zuerst eine Frage ein.</translation>
    </message>
    <message>
        <source>Stop the answer that is being written.</source>
        <translation>Die entstehende Antwort abbrechen.</translation>
    </message>
    <message>
        <source>Chat needs a loaded model.</source>
        <translation>Der Chat benötigt ein geladenes Modell.</translation>
    </message>
    <message>
        <source>Use as instruction</source>
        <translation>Als Anweisung verwenden</translation>
    </message>
    <message>
        <source>Stopped after %1 tokens.</source>
        <translation>Nach %1 Token angehalten.</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 Token · %2 Token/s</translation>
    </message>
    <message>
        <source>%1 · draft %2: τ %3, α %4, %5× fewer model forwards</source>
        <translation>%1 · Entwurf %2: τ %3, α %4, %5× weniger Modelldurchläufe</translation>
    </message>
    <message>
        <source>Let the model reason first, in think tags, before it answers (slower). Changing it starts a new conversation about the image.</source>
        <translation>Das Modell überlegt zuerst in Think-Tags, bevor es antwortet (langsamer). Eine Änderung beginnt ein neues Gespräch über das Bild.</translation>
    </message>
    <message>
        <source>Speculative &amp;decoding</source>
        <translation>Spekulatives &amp;Dekodieren</translation>
    </message>
    <message>
        <source>The model&apos;s small draft proposes several tokens and the model checks them in one step: the same answer, sooner on hardware that suits it. Changing it starts a new conversation about the image.</source>
        <translation>Der kleine Entwurf des Modells schlägt mehrere Token vor, und das Modell prüft sie in einem Schritt: dieselbe Antwort, schneller auf passender Hardware. Eine Änderung beginnt ein neues Gespräch über das Bild.</translation>
    </message>
    <message>
        <source>Measured on this device: %1</source>
        <translation>Auf diesem Gerät gemessen: %1</translation>
    </message>
    <message>
        <source>This model has no draft (hyperbagel-cli draft train makes one).</source>
        <translation>Dieses Modell hat keinen Entwurf (hyperbagel-cli draft train erstellt einen).</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryModel</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>Schnell</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <source>%1 · %2 steps · seed %3 · %4 s</source>
        <translation>%1 · %2 Schritte · Seed %3 · %4 s</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryPanel</name>
    <message>
        <source>Search prompts</source>
        <translation>Prompts durchsuchen</translation>
    </message>
    <message>
        <source>Images you open and results you apply appear here. Click one to return to it.</source>
        <translation>Geöffnete Bilder und übernommene Ergebnisse erscheinen hier. Klicken Sie auf eines, um dorthin zurückzukehren.</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>Einträge: %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>Edited from “%1”</source>
        <translation>Bearbeitet aus „%1“</translation>
    </message>
</context>
<context>
    <name>hb::ui::ImageIo</name>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>„%1“ konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Could not save “%1”: %2</source>
        <translation>„%1“ konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>hb::ui::MainWindow</name>
    <message>
        <source>HyperBagel Studio</source>
        <translation>HyperBagel Studio</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>Abgelegtes Bild</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>Bild exportieren</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>%1 — HyperBagel Studio</source>
        <translation>%1 — HyperBagel Studio</translation>
    </message>
    <message>
        <source>%1 %</source>
        <comment>zoom percentage</comment>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Open Model ▸ Model Manager… to inspect a checkpoint.</source>
        <translation>Öffnen Sie Modell ▸ Modellverwaltung…, um einen Checkpoint zu prüfen.</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an image file on the canvas</source>
        <translation>Eine Bilddatei auf der Leinwand öffnen</translation>
    </message>
    <message>
        <source>&amp;Export Image…</source>
        <translation>Bild e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the canvas image as PNG, JPEG or WebP</source>
        <translation>Das Leinwandbild als PNG, JPEG oder WebP speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit HyperBagel Studio</source>
        <translation>HyperBagel Studio beenden</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>Open the image on the clipboard</source>
        <translation>Das Bild aus der Zwischenablage öffnen</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>Bild &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the canvas image to the clipboard</source>
        <translation>Das Leinwandbild in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Enlarge the view</source>
        <translation>Die Ansicht vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Shrink the view</source>
        <translation>Die Ansicht verkleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>Show the whole image</source>
        <translation>Das ganze Bild zeigen</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>Ein Bildpixel pro Bildschirmpixel</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Put the panels back where they started</source>
        <translation>Die Bereiche an ihre ursprüngliche Position zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Model Manager…</source>
        <translation>&amp;Modellverwaltung…</translation>
    </message>
    <message>
        <source>Inspect a checkpoint folder and plan its memory</source>
        <translation>Einen Checkpoint-Ordner prüfen und den Speicherbedarf planen</translation>
    </message>
    <message>
        <source>&amp;About HyperBagel Studio</source>
        <translation>&amp;Über HyperBagel Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG-Bild (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP-Bild (*.webp)</translation>
    </message>
    <message>
        <source>Image copied to the clipboard.</source>
        <translation>Bild in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>Eingefügtes Bild</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <source>About HyperBagel Studio</source>
        <translation>Über HyperBagel Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;Live, prompt-driven image editing and chat about images with the BAGEL model, accelerated by Hyper-Bagel.&lt;/p&gt;&lt;p&gt;Runs on NVIDIA GPUs with the BAGEL-7B-MoT weights, or on any CPU with the bundled ShapeWorld model.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;Live-Bildbearbeitung per Prompt und Chat über Bilder mit dem BAGEL-Modell, beschleunigt durch Hyper-Bagel.&lt;/p&gt;&lt;p&gt;Läuft auf NVIDIA-GPUs mit den BAGEL-7B-MoT-Gewichten oder auf jeder CPU mit dem mitgelieferten ShapeWorld-Modell.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>⚠ Start-up warnings: %1</source>
        <translation>⚠ Startwarnungen: %1</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Modell geladen: %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Generating: step %1 of %2</source>
        <translation>Erzeugen: Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Generated %1 × %2 px (seed %3).</source>
        <translation>%1 × %2 px erzeugt (Seed %3).</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Wird bearbeitet…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Wird erzeugt…</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Live: %1…</source>
        <translation>Live: %1…</translation>
    </message>
    <message>
        <source>Live: refining with %1…</source>
        <translation>Live: Verfeinern mit %1…</translation>
    </message>
    <message>
        <source>%1 · %2 steps · %3 s · seed %4</source>
        <translation>%1 · %2 Schritte · %3 s · Seed %4</translation>
    </message>
    <message>
        <source>Apply “%1”</source>
        <translation>„%1“ übernehmen</translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation>Übernommen: %1</translation>
    </message>
    <message>
        <source>Go to “%1”</source>
        <translation>Zu „%1“ wechseln</translation>
    </message>
    <message>
        <source>Restored the previous session after an unexpected exit (%1 images).</source>
        <translation>Die vorige Sitzung wurde nach einem unerwarteten Ende wiederhergestellt (%1 Bilder).</translation>
    </message>
    <message>
        <source>Compare &amp;Before / After</source>
        <translation>&amp;Vorher/Nachher vergleichen</translation>
    </message>
    <message>
        <source>Split the canvas: the current image left of the divider, the result right (hold \ to see the current image whole)</source>
        <translation>Die Leinwand teilen: links vom Trenner das aktuelle Bild, rechts das Ergebnis (\ gedrückt halten zeigt das ganze aktuelle Bild)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>&amp;Tastenkürzel…</translation>
    </message>
    <message>
        <source>List the keyboard shortcuts</source>
        <translation>Die Tastenkürzel auflisten</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>B&amp;ild</translation>
    </message>
    <message>
        <source>PNG image, lossless, with prompt and seed (*.png)</source>
        <translation>PNG-Bild, verlustfrei, mit Prompt und Seed (*.png)</translation>
    </message>
    <message>
        <source>Mask &amp;Brush</source>
        <translation>Masken&amp;pinsel</translation>
    </message>
    <message>
        <source>Paint a mask: edits then change only the masked region</source>
        <translation>Eine Maske malen: Bearbeitungen ändern dann nur den maskierten Bereich</translation>
    </message>
    <message>
        <source>&amp;Erase Mask</source>
        <translation>Maske &amp;radieren</translation>
    </message>
    <message>
        <source>The brush removes the mask instead of painting it</source>
        <translation>Der Pinsel entfernt die Maske, statt sie zu malen</translation>
    </message>
    <message>
        <source>S&amp;maller Brush</source>
        <translation>Pinsel &amp;kleiner</translation>
    </message>
    <message>
        <source>Make the brush smaller</source>
        <translation>Den Pinsel verkleinern</translation>
    </message>
    <message>
        <source>&amp;Larger Brush</source>
        <translation>Pinsel &amp;größer</translation>
    </message>
    <message>
        <source>Make the brush larger</source>
        <translation>Den Pinsel vergrößern</translation>
    </message>
    <message>
        <source>&amp;Show Mask</source>
        <translation>Maske &amp;anzeigen</translation>
    </message>
    <message>
        <source>Show the mask as a translucent overlay</source>
        <translation>Die Maske als durchscheinende Überlagerung zeigen</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>Maske &amp;löschen</translation>
    </message>
    <message>
        <source>Remove the mask: edits change the whole image</source>
        <translation>Die Maske entfernen: Bearbeitungen ändern das ganze Bild</translation>
    </message>
    <message>
        <source>Mask Toolbar</source>
        <translation>Masken-Werkzeugleiste</translation>
    </message>
    <message>
        <source> px</source>
        <comment>brush size unit</comment>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush size in image pixels (%1 / %2)</source>
        <translation>Pinselgröße in Bildpixeln (%1 / %2)</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>Create a new image from the instruction</source>
        <translation>Ein neues Bild aus der Anweisung erzeugen</translation>
    </message>
    <message>
        <source>&amp;Edit Image</source>
        <translation>Bild &amp;bearbeiten</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image (inside the mask, if any)</source>
        <translation>Die Anweisung auf das aktuelle Bild anwenden (innerhalb der Maske, falls vorhanden)</translation>
    </message>
    <message>
        <source>&amp;Apply Result</source>
        <translation>Ergebnis &amp;übernehmen</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter in the instruction field)</source>
        <translation>Das angezeigte Ergebnis in den Verlauf übernehmen (Eingabetaste im Anweisungsfeld)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Show a preview while you type, then refine it when you pause</source>
        <translation>Beim Tippen eine Vorschau zeigen und sie in Tipppausen verfeinern</translation>
    </message>
    <message>
        <source>New &amp;Seed</source>
        <translation>Neuer &amp;Seed</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>Einen neuen zufälligen Seed ziehen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop the running generation, live job and chat answer</source>
        <translation>Die laufende Generierung, den Live-Auftrag und die Chat-Antwort stoppen</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <source>Peek at the image under the result</source>
        <translation>Das Bild unter dem Ergebnis ansehen</translation>
    </message>
    <message>
        <source>Hold %1</source>
        <translation>%1 gedrückt halten</translation>
    </message>
    <message>
        <source>Pan the canvas</source>
        <translation>Die Leinwand verschieben</translation>
    </message>
    <message>
        <source>Space + drag, or the middle button</source>
        <translation>Leertaste + Ziehen oder mittlere Maustaste</translation>
    </message>
    <message>
        <source>Apply the shown result</source>
        <translation>Das angezeigte Ergebnis übernehmen</translation>
    </message>
    <message>
        <source>%1 in the instruction field</source>
        <translation>%1 im Anweisungsfeld</translation>
    </message>
    <message>
        <source>Send the question</source>
        <translation>Die Frage senden</translation>
    </message>
    <message>
        <source>%1 in the chat input</source>
        <translation>%1 im Chat-Eingabefeld</translation>
    </message>
    <message>
        <source>Mas&amp;k</source>
        <translation>Mas&amp;ke</translation>
    </message>
    <message>
        <source>Paint Mask</source>
        <translation>Maske malen</translation>
    </message>
    <message>
        <source>Erase Mask</source>
        <translation>Maske radieren</translation>
    </message>
    <message>
        <source>Clear Mask</source>
        <translation>Maske löschen</translation>
    </message>
</context>
<context>
    <name>hb::ui::ModelManagerDialog</name>
    <message>
        <source>Model Manager</source>
        <translation>Modellverwaltung</translation>
    </message>
    <message>
        <source>Checkpoint &amp;folder:</source>
        <translation>Checkpoint-&amp;Ordner:</translation>
    </message>
    <message>
        <source>A BAGEL folder with llm_config.json, ema.safetensors, ae.safetensors…</source>
        <translation>Ein BAGEL-Ordner mit llm_config.json, ema.safetensors, ae.safetensors…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>Check the folder without loading the model</source>
        <translation>Den Ordner prüfen, ohne das Modell zu laden</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>Bericht &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the report as text, e.g. for a bug report</source>
        <translation>Den Bericht als Text kopieren, z. B. für einen Fehlerbericht</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>Checkpoint-Ordner wählen</translation>
    </message>
    <message>
        <source>Inspecting %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Inspected %1.</source>
        <translation>%1 geprüft.</translation>
    </message>
    <message>
        <source>Inspected %1: the folder has problems (see Findings).</source>
        <translation>%1 geprüft: Der Ordner hat Probleme (siehe Befunde).</translation>
    </message>
    <message>
        <source>Could not inspect %1.</source>
        <translation>%1 konnte nicht geprüft werden.</translation>
    </message>
    <message>
        <source>Report copied to the clipboard.</source>
        <translation>Bericht in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Load the inspected model with the chosen device and precision</source>
        <translation>Das geprüfte Modell mit dem gewählten Gerät und der gewählten Genauigkeit laden</translation>
    </message>
    <message>
        <source>&amp;Unload</source>
        <translation>&amp;Entladen</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU %1</source>
        <translation>CUDA-GPU %1</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>Ge&amp;nauigkeit:</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Model unloaded.</source>
        <translation>Modell entladen.</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>%1 geladen.</translation>
    </message>
    <message>
        <source>Could not load the model.</source>
        <translation>Das Modell konnte nicht geladen werden.</translation>
    </message>
</context>
<context>
    <name>hb::ui::PromptBar</name>
    <message>
        <source>Describe an edit or a new image, e.g. “make the sky stormy”</source>
        <translation>Beschreiben Sie eine Änderung oder ein neues Bild, z. B. „mach den Himmel stürmisch“</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Preview · 1 step</source>
        <translation>Vorschau · 1 Schritt</translation>
    </message>
    <message>
        <source>Fast · 6 steps</source>
        <translation>Schnell · 6 Schritte</translation>
    </message>
    <message>
        <source>Full · 50 steps</source>
        <translation>Voll · 50 Schritte</translation>
    </message>
    <message>
        <source>Quality tier: Preview is instant, Fast refines the same seed, Full is the original 50-step sampler with guidance.</source>
        <translation>Qualitätsstufe: „Vorschau“ erscheint sofort, „Schnell“ verfeinert mit demselben Seed, „Voll“ ist der ursprüngliche 50-Schritt-Sampler mit Guidance.</translation>
    </message>
    <message>
        <source>Random seed of the next result</source>
        <translation>Zufalls-Seed des nächsten Ergebnisses</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Locked: every job uses this seed. Unlocked: a new seed is drawn after each Apply (live typing keeps one seed).</source>
        <translation>Gesperrt: Jeder Auftrag verwendet diesen Seed. Entsperrt: Nach jedem Übernehmen wird ein neuer Seed gezogen (beim Live-Tippen bleibt der Seed gleich).</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>Einen neuen Zufalls-Seed ziehen</translation>
    </message>
    <message>
        <source>Aspect ratio of new images (used by Generate only; Edit keeps the image&apos;s own shape)</source>
        <translation>Seitenverhältnis neuer Bilder (nur für „Generieren“; „Bearbeiten“ behält die Form des Bildes bei)</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>&amp;Stufe:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>As&amp;pect:</source>
        <translation>Seiten&amp;verhältnis:</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>Zuerst muss ein Modell geladen werden (Modell ▸ Modellverwaltung…).</translation>
    </message>
    <message>
        <source>Create a new image from the instruction.</source>
        <translation>Ein neues Bild aus der Anweisung erzeugen.</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image.</source>
        <translation>Die Anweisung auf das aktuelle Bild anwenden.</translation>
    </message>
    <message>
        <source>Open or generate an image first.</source>
        <translation>Öffnen oder erzeugen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter).</source>
        <translation>Das angezeigte Ergebnis in den Verlauf übernehmen (Eingabe).</translation>
    </message>
    <message>
        <source>There is no new result to apply yet.</source>
        <translation>Es gibt noch kein neues Ergebnis zum Übernehmen.</translation>
    </message>
    <message>
        <source>Live: show a preview while you type, then refine it when you pause.</source>
        <translation>Live: Zeigt beim Tippen eine Vorschau und verfeinert sie, sobald Sie innehalten.</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>E&amp;dit</source>
        <translation>Bea&amp;rbeiten</translation>
    </message>
</context>
<context>
    <name>hb::ui::ReportView</name>
    <message>
        <source>%1 B</source>
        <comment>billions of parameters</comment>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <comment>millions of parameters</comment>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Gegenstand</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Memory plan</source>
        <translation>Speicherplan</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Missing file</source>
        <translation>Fehlende Datei</translation>
    </message>
    <message>
        <source>Bad file</source>
        <translation>Fehlerhafte Datei</translation>
    </message>
    <message>
        <source>Bad configuration</source>
        <translation>Fehlerhafte Konfiguration</translation>
    </message>
    <message>
        <source>Configuration override</source>
        <translation>Überschriebene Konfiguration</translation>
    </message>
    <message>
        <source>Missing tensor</source>
        <translation>Fehlender Tensor</translation>
    </message>
    <message>
        <source>Unexpected tensor</source>
        <translation>Unerwarteter Tensor</translation>
    </message>
    <message>
        <source>Wrong shape</source>
        <translation>Falsche Form</translation>
    </message>
    <message>
        <source>Wrong data type</source>
        <translation>Falscher Datentyp</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Language model (understanding)</source>
        <translation>Sprachmodell (Verstehen)</translation>
    </message>
    <message>
        <source>Language model (generation)</source>
        <translation>Sprachmodell (Generierung)</translation>
    </message>
    <message>
        <source>Embeddings and output head</source>
        <translation>Embeddings und Ausgabekopf</translation>
    </message>
    <message>
        <source>Vision encoder (ViT)</source>
        <translation>Bild-Encoder (ViT)</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>Konnektor</translation>
    </message>
    <message>
        <source>Autoencoder (VAE)</source>
        <translation>Autoencoder (VAE)</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Hyper-Bagel extension</source>
        <translation>Hyper-Bagel-Erweiterung</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>Noch kein Bericht</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder and press Inspect. The folder is checked without loading the model: files, configs, tensor names, shapes and data types, and the memory it will need.</source>
        <translation>Wählen Sie einen Checkpoint-Ordner und klicken Sie auf „Prüfen“. Der Ordner wird geprüft, ohne das Modell zu laden: Dateien, Konfigurationen, Tensornamen, Formen und Datentypen sowie der benötigte Speicher.</translation>
    </message>
    <message>
        <source>Inspection failed</source>
        <translation>Prüfung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Valid: this checkpoint can be loaded</source>
        <translation>Gültig: Dieser Checkpoint kann geladen werden</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>Art: %1</translation>
    </message>
    <message>
        <source>%1 tensors</source>
        <translation>%1 Tensoren</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>%1 of tensor data</source>
        <translation>%1 Tensordaten</translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation>Befunde (%1)</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>%1 tensors, %2</source>
        <translation>%1 Tensoren, %2</translation>
    </message>
    <message>
        <source>Data types</source>
        <translation>Datentypen</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Runtime memory assumes: %1</source>
        <translation>Der Laufzeitspeicher setzt voraus: %1</translation>
    </message>
    <message>
        <source>Cannot be loaded (errors: %1)</source>
        <translation>Kann nicht geladen werden (Fehler: %1)</translation>
    </message>
    <message>
        <source>Warnings: %1</source>
        <translation>Warnungen: %1</translation>
    </message>
</context>
<context>
    <name>hb::ui::SessionStore</name>
    <message>
        <source>Could not create the session folder “%1”.</source>
        <translation>Der Sitzungsordner „%1“ konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not autosave the session in “%1”: %2</source>
        <translation>Die Sitzung konnte nicht automatisch in „%1“ gespeichert werden: %2</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session could not be read (%2); it was ignored.</source>
        <translation>Die Maskendatei „%1“ der vorigen Sitzung konnte nicht gelesen werden (%2); sie wurde übergangen.</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session is %2 × %3 pixels, not the %4 × %5 of its image; it was ignored.</source>
        <translation>Die Maskendatei „%1“ der vorigen Sitzung hat %2 × %3 Pixel statt der %4 × %5 ihres Bildes; sie wurde übergangen.</translation>
    </message>
</context>
<context>
    <name>hb::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between two shortcuts of one action</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
</TS>
