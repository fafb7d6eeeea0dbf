<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ErrorText</name>
    <message>
        <source>The file or folder does not exist.</source>
        <translation>ファイルまたはフォルダーが存在しません。</translation>
    </message>
    <message>
        <source>The file could not be read or written.</source>
        <translation>ファイルを読み書きできませんでした。</translation>
    </message>
    <message>
        <source>The file is damaged or not in the expected format.</source>
        <translation>ファイルが破損しているか、想定された形式ではありません。</translation>
    </message>
    <message>
        <source>A configuration file is malformed or inconsistent.</source>
        <translation>設定ファイルの形式が正しくないか、内容に矛盾があります。</translation>
    </message>
    <message>
        <source>The model folder is incomplete or does not match its configuration.</source>
        <translation>モデルフォルダーが不完全か、設定と一致しません。</translation>
    </message>
    <message>
        <source>This build of HyperBagel Studio does not support this input.</source>
        <translation>このビルドの HyperBagel Studio はこの入力に対応していません。</translation>
    </message>
    <message>
        <source>The request is not possible with these settings.</source>
        <translation>この設定ではリクエストを実行できません。</translation>
    </message>
    <message>
        <source>There is not enough memory.</source>
        <translation>メモリが不足しています。</translation>
    </message>
    <message>
        <source>There is not enough GPU memory. Try a smaller image, a lower precision or the CPU.</source>
        <translation>GPU メモリが不足しています。小さい画像、低い精度、または CPU をお試しください。</translation>
    </message>
    <message>
        <source>The operation was cancelled.</source>
        <translation>操作はキャンセルされました。</translation>
    </message>
    <message>
        <source>An internal error occurred. Please report it together with the log file.</source>
        <translation>内部エラーが発生しました。ログファイルを添えて報告してください。</translation>
    </message>
</context>
<context>
    <name>hb::ui::CanvasView</name>
    <message>
        <source>Canvas</source>
        <translation>キャンバス</translation>
    </message>
    <message>
        <source>No image yet</source>
        <translation>まだ画像がありません</translation>
    </message>
    <message>
        <source>Open an image (%1), drop one here or paste one (%2).
Once a model is loaded, type an instruction below to edit it live, or press Generate.</source>
        <translation>画像を開く (%1)、ここにドロップする、または貼り付けてください (%2)。
モデルを読み込んだら、下に指示を入力してライブで編集するか、「生成」を押してください。</translation>
    </message>
    <message>
        <source>Before (release \ to see the result)</source>
        <translation>変更前 (\ を離すと結果を表示)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>変更後</translation>
    </message>
</context>
<context>
    <name>hb::ui::ChatPane</name>
    <message>
        <source>Ask questions about the image on the canvas, e.g. “What colour is the car?”. Answers appear here, token by token, with their speed.</source>
        <translation>キャンバス上の画像について質問できます（例:「車は何色？」）。回答はトークンごとに速度とともにここに表示されます。</translation>
    </message>
    <message>
        <source>Ask about the image… (Ctrl+Enter sends)</source>
        <translation>画像について質問…（Ctrl+Enter で送信）</translation>
    </message>
    <message>
        <source>&amp;Think first</source>
        <translation>先に考える(&amp;T)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>BAGEL</source>
        <translation>BAGEL</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>先にモデルを読み込む必要があります（モデル ▸ モデル管理…）。</translation>
    </message>
    <message>
        <source>Send the question (Ctrl+Enter).</source>
        <translation>質問を送信します（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>先に質問を入力してください。</translation>
    </message>
    <message>
        <source>Stop the answer that is being written.</source>
        <translation>生成中の回答を停止します。</translation>
    </message>
    <message>
        <source>Chat needs a loaded model.</source>
        <translation>チャットにはモデルの読み込みが必要です。</translation>
    </message>
    <message>
        <source>Use as instruction</source>
        <translation>指示として使う</translation>
    </message>
    <message>
        <source>Stopped after %1 tokens.</source>
        <translation>%1 トークンで停止しました。</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 トークン · %2 トークン/秒</translation>
    </message>
    <message>
        <source>%1 · draft %2: τ %3, α %4, %5× fewer model forwards</source>
        <translation>%1 · ドラフト %2: τ %3、α %4、モデルの順伝播は 1/%5</translation>
    </message>
    <message>
        <source>Let the model reason first, in think tags, before it answers (slower). Changing it starts a new conversation about the image.</source>
        <translation>回答する前に、モデルにまず think タグ内で推論させます（遅くなります）。切り替えると、この画像についての新しい会話が始まります。</translation>
    </message>
    <message>
        <source>Speculative &amp;decoding</source>
        <translation>投機的デコード(&amp;D)</translation>
    </message>
    <message>
        <source>The model&apos;s small draft proposes several tokens and the model checks them in one step: the same answer, sooner on hardware that suits it. Changing it starts a new conversation about the image.</source>
        <translation>モデルの小さなドラフトが複数のトークンを提案し、モデルがそれらを一度に検証します。回答は同じで、適したハードウェアではより速くなります。変更すると画像についての新しい会話が始まります。</translation>
    </message>
    <message>
        <source>Measured on this device: %1</source>
        <translation>このデバイスでの測定値: %1</translation>
    </message>
    <message>
        <source>This model has no draft (hyperbagel-cli draft train makes one).</source>
        <translation>このモデルにはドラフトがありません(hyperbagel-cli draft train で作成できます)。</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryModel</name>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>高速</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>フル</translation>
    </message>
    <message>
        <source>%1 · %2 steps · seed %3 · %4 s</source>
        <translation>%1 · %2 ステップ · シード %3 · %4 秒</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryPanel</name>
    <message>
        <source>Search prompts</source>
        <translation>プロンプトを検索</translation>
    </message>
    <message>
        <source>Images you open and results you apply appear here. Click one to return to it.</source>
        <translation>開いた画像と適用した結果がここに表示されます。クリックするとその状態に戻ります。</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>項目: %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>%2 件中 %1 件を表示</translation>
    </message>
    <message>
        <source>Edited from “%1”</source>
        <translation>「%1」から編集</translation>
    </message>
</context>
<context>
    <name>hb::ui::ImageIo</name>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>「%1」を開けませんでした: %2</translation>
    </message>
    <message>
        <source>Could not save “%1”: %2</source>
        <translation>「%1」を保存できませんでした: %2</translation>
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
        <translation>チャット</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>ドロップされた画像</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 を開きました</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>画像を開く</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 をエクスポートしました</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>画像をエクスポート</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 を開いています…</translation>
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
        <translation>%1%</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <source>Open Model ▸ Model Manager… to inspect a checkpoint.</source>
        <translation>チェックポイントを検査するには、モデル ▸ モデル管理… を開いてください。</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>画像を開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image file on the canvas</source>
        <translation>画像ファイルをキャンバスに開きます</translation>
    </message>
    <message>
        <source>&amp;Export Image…</source>
        <translation>画像をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the canvas image as PNG, JPEG or WebP</source>
        <translation>キャンバスの画像を PNG、JPEG、WebP で保存します</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit HyperBagel Studio</source>
        <translation>HyperBagel Studio を終了します</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>画像を貼り付け(&amp;P)</translation>
    </message>
    <message>
        <source>Open the image on the clipboard</source>
        <translation>クリップボードの画像を開きます</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>画像をコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the canvas image to the clipboard</source>
        <translation>キャンバスの画像をクリップボードにコピーします</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>拡大(&amp;I)</translation>
    </message>
    <message>
        <source>Enlarge the view</source>
        <translation>表示を拡大します</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <source>Shrink the view</source>
        <translation>表示を縮小します</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>ウィンドウに合わせる(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole image</source>
        <translation>画像全体を表示します</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>実際のサイズ(&amp;A)</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>画像の 1 ピクセルを画面の 1 ピクセルで表示します</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>レイアウトをリセット(&amp;R)</translation>
    </message>
    <message>
        <source>Put the panels back where they started</source>
        <translation>パネルを初期の位置に戻します</translation>
    </message>
    <message>
        <source>&amp;Model Manager…</source>
        <translation>モデル管理(&amp;M)…</translation>
    </message>
    <message>
        <source>Inspect a checkpoint folder and plan its memory</source>
        <translation>チェックポイントフォルダーを検査し、必要なメモリを見積もります</translation>
    </message>
    <message>
        <source>&amp;About HyperBagel Studio</source>
        <translation>HyperBagel Studio について(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>モデル(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>メインツールバー</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>画像 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 画像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP 画像 (*.webp)</translation>
    </message>
    <message>
        <source>Image copied to the clipboard.</source>
        <translation>画像をクリップボードにコピーしました。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>貼り付けた画像</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>クリップボードに画像がありません。</translation>
    </message>
    <message>
        <source>About HyperBagel Studio</source>
        <translation>HyperBagel Studio について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;Live, prompt-driven image editing and chat about images with the BAGEL model, accelerated by Hyper-Bagel.&lt;/p&gt;&lt;p&gt;Runs on NVIDIA GPUs with the BAGEL-7B-MoT weights, or on any CPU with the bundled ShapeWorld model.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;BAGEL モデルによる、プロンプト駆動のライブ画像編集と画像についてのチャット。Hyper-Bagel で高速化されています。&lt;/p&gt;&lt;p&gt;BAGEL-7B-MoT の重みを使って NVIDIA GPU で、または同梱の ShapeWorld モデルを使って任意の CPU で動作します。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>⚠ Start-up warnings: %1</source>
        <translation>⚠ 起動時の警告: %1</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>モデル読み込み済み: %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Generating: step %1 of %2</source>
        <translation>生成中: ステップ %1 / %2</translation>
    </message>
    <message>
        <source>Generated %1 × %2 px (seed %3).</source>
        <translation>%1 × %2 px を生成しました (シード %3)。</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>編集しています…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>生成しています…</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 を開く</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <source>Live: %1…</source>
        <translation>ライブ: %1…</translation>
    </message>
    <message>
        <source>Live: refining with %1…</source>
        <translation>ライブ: %1 で仕上げ中…</translation>
    </message>
    <message>
        <source>%1 · %2 steps · %3 s · seed %4</source>
        <translation>%1 · %2 ステップ · %3 秒 · シード %4</translation>
    </message>
    <message>
        <source>Apply “%1”</source>
        <translation>「%1」を適用</translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation>適用しました: %1</translation>
    </message>
    <message>
        <source>Go to “%1”</source>
        <translation>「%1」へ移動</translation>
    </message>
    <message>
        <source>Restored the previous session after an unexpected exit (%1 images).</source>
        <translation>予期しない終了のあと、前回のセッションを復元しました (画像 %1 枚)。</translation>
    </message>
    <message>
        <source>Compare &amp;Before / After</source>
        <translation>変更前と変更後を比較(&amp;B)</translation>
    </message>
    <message>
        <source>Split the canvas: the current image left of the divider, the result right (hold \ to see the current image whole)</source>
        <translation>キャンバスを分割します: 区切り線の左に現在の画像、右に結果 (\ を押している間は現在の画像全体を表示)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>キーボードショートカット(&amp;K)…</translation>
    </message>
    <message>
        <source>List the keyboard shortcuts</source>
        <translation>キーボードショートカットを一覧表示します</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>画像(&amp;I)</translation>
    </message>
    <message>
        <source>PNG image, lossless, with prompt and seed (*.png)</source>
        <translation>PNG 画像、可逆圧縮、プロンプトとシード付き (*.png)</translation>
    </message>
    <message>
        <source>Mask &amp;Brush</source>
        <translation>マスクブラシ(&amp;B)</translation>
    </message>
    <message>
        <source>Paint a mask: edits then change only the masked region</source>
        <translation>マスクを描きます。編集はマスクした領域だけを変更します</translation>
    </message>
    <message>
        <source>&amp;Erase Mask</source>
        <translation>マスクを消去(&amp;E)</translation>
    </message>
    <message>
        <source>The brush removes the mask instead of painting it</source>
        <translation>ブラシでマスクを描く代わりに消します</translation>
    </message>
    <message>
        <source>S&amp;maller Brush</source>
        <translation>ブラシを小さく(&amp;M)</translation>
    </message>
    <message>
        <source>Make the brush smaller</source>
        <translation>ブラシを小さくします</translation>
    </message>
    <message>
        <source>&amp;Larger Brush</source>
        <translation>ブラシを大きく(&amp;L)</translation>
    </message>
    <message>
        <source>Make the brush larger</source>
        <translation>ブラシを大きくします</translation>
    </message>
    <message>
        <source>&amp;Show Mask</source>
        <translation>マスクを表示(&amp;S)</translation>
    </message>
    <message>
        <source>Show the mask as a translucent overlay</source>
        <translation>マスクを半透明のオーバーレイで表示します</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>マスクをクリア(&amp;C)</translation>
    </message>
    <message>
        <source>Remove the mask: edits change the whole image</source>
        <translation>マスクを削除します。編集は画像全体を変更します</translation>
    </message>
    <message>
        <source>Mask Toolbar</source>
        <translation>マスクツールバー</translation>
    </message>
    <message>
        <source> px</source>
        <comment>brush size unit</comment>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush size in image pixels (%1 / %2)</source>
        <translation>ブラシの大きさ (画像のピクセル単位、%1 / %2)</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>サイズ:</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Create a new image from the instruction</source>
        <translation>指示から新しい画像を作成します</translation>
    </message>
    <message>
        <source>&amp;Edit Image</source>
        <translation>画像を編集(&amp;E)</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image (inside the mask, if any)</source>
        <translation>現在の画像に指示を適用します (マスクがあればその内側だけ)</translation>
    </message>
    <message>
        <source>&amp;Apply Result</source>
        <translation>結果を適用(&amp;A)</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter in the instruction field)</source>
        <translation>表示中の結果を履歴に残します (指示欄で Enter)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>ライブ(&amp;L)</translation>
    </message>
    <message>
        <source>Show a preview while you type, then refine it when you pause</source>
        <translation>入力中にプレビューを表示し、手を止めると仕上げます</translation>
    </message>
    <message>
        <source>New &amp;Seed</source>
        <translation>新しいシード(&amp;S)</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>新しいランダムシードを引きます</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the running generation, live job and chat answer</source>
        <translation>実行中の生成、ライブ処理、チャットの回答を停止します</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Peek at the image under the result</source>
        <translation>結果の下の画像をのぞき見る</translation>
    </message>
    <message>
        <source>Hold %1</source>
        <translation>%1 を押し続ける</translation>
    </message>
    <message>
        <source>Pan the canvas</source>
        <translation>キャンバスをスクロール</translation>
    </message>
    <message>
        <source>Space + drag, or the middle button</source>
        <translation>Space + ドラッグ、または中ボタン</translation>
    </message>
    <message>
        <source>Apply the shown result</source>
        <translation>表示中の結果を適用</translation>
    </message>
    <message>
        <source>%1 in the instruction field</source>
        <translation>指示欄で %1</translation>
    </message>
    <message>
        <source>Send the question</source>
        <translation>質問を送信</translation>
    </message>
    <message>
        <source>%1 in the chat input</source>
        <translation>チャットの入力欄で %1</translation>
    </message>
    <message>
        <source>Mas&amp;k</source>
        <translation>マスク(&amp;K)</translation>
    </message>
    <message>
        <source>Paint Mask</source>
        <translation>マスクを描く</translation>
    </message>
    <message>
        <source>Erase Mask</source>
        <translation>マスクを消す</translation>
    </message>
    <message>
        <source>Clear Mask</source>
        <translation>マスクをクリア</translation>
    </message>
</context>
<context>
    <name>hb::ui::ModelManagerDialog</name>
    <message>
        <source>Model Manager</source>
        <translation>モデル管理</translation>
    </message>
    <message>
        <source>Checkpoint &amp;folder:</source>
        <translation>チェックポイントフォルダー(&amp;F):</translation>
    </message>
    <message>
        <source>A BAGEL folder with llm_config.json, ema.safetensors, ae.safetensors…</source>
        <translation>llm_config.json、ema.safetensors、ae.safetensors などを含む BAGEL フォルダー</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>検査(&amp;I)</translation>
    </message>
    <message>
        <source>Check the folder without loading the model</source>
        <translation>モデルを読み込まずにフォルダーを検査します</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>レポートをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the report as text, e.g. for a bug report</source>
        <translation>レポートをテキストとしてコピーします（不具合報告などに）</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>読み込む(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>チェックポイントフォルダーを選択</translation>
    </message>
    <message>
        <source>Inspecting %1…</source>
        <translation>%1 を検査しています…</translation>
    </message>
    <message>
        <source>Inspected %1.</source>
        <translation>%1 を検査しました。</translation>
    </message>
    <message>
        <source>Inspected %1: the folder has problems (see Findings).</source>
        <translation>%1 を検査しました: フォルダーに問題があります（「検出事項」を参照）。</translation>
    </message>
    <message>
        <source>Could not inspect %1.</source>
        <translation>%1 を検査できませんでした。</translation>
    </message>
    <message>
        <source>Report copied to the clipboard.</source>
        <translation>レポートをクリップボードにコピーしました。</translation>
    </message>
    <message>
        <source>Load the inspected model with the chosen device and precision</source>
        <translation>検査したモデルを選択したデバイスと精度で読み込む</translation>
    </message>
    <message>
        <source>&amp;Unload</source>
        <translation>解放(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>デバイス(&amp;D):</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU %1</source>
        <translation>CUDA GPU %1</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P):</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>Model unloaded.</source>
        <translation>モデルを解放しました。</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>%1 を読み込みました。</translation>
    </message>
    <message>
        <source>Could not load the model.</source>
        <translation>モデルを読み込めませんでした。</translation>
    </message>
</context>
<context>
    <name>hb::ui::PromptBar</name>
    <message>
        <source>Describe an edit or a new image, e.g. “make the sky stormy”</source>
        <translation>編集内容や新しい画像を説明してください（例:「空を嵐にする」）</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>適用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>ライブ(&amp;L)</translation>
    </message>
    <message>
        <source>Preview · 1 step</source>
        <translation>プレビュー · 1 ステップ</translation>
    </message>
    <message>
        <source>Fast · 6 steps</source>
        <translation>高速 · 6 ステップ</translation>
    </message>
    <message>
        <source>Full · 50 steps</source>
        <translation>フル · 50 ステップ</translation>
    </message>
    <message>
        <source>Quality tier: Preview is instant, Fast refines the same seed, Full is the original 50-step sampler with guidance.</source>
        <translation>品質ティア: プレビューは即時、高速は同じシードで仕上げ、フルは元の 50 ステップのサンプラー（ガイダンス付き）です。</translation>
    </message>
    <message>
        <source>Random seed of the next result</source>
        <translation>次の結果の乱数シード</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Locked: every job uses this seed. Unlocked: a new seed is drawn after each Apply (live typing keeps one seed).</source>
        <translation>ロック中：すべてのジョブがこのシードを使います。解除中：適用するたびに新しいシードを引きます（ライブ入力中は同じシードのままです）。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>新しい乱数シードを引きます</translation>
    </message>
    <message>
        <source>Aspect ratio of new images (used by Generate only; Edit keeps the image&apos;s own shape)</source>
        <translation>新しい画像の縦横比（「生成」でのみ使用。「編集」では画像の元の形を保ちます）</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>ティア(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>シード(&amp;S):</translation>
    </message>
    <message>
        <source>As&amp;pect:</source>
        <translation>縦横比(&amp;P):</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>先にモデルを読み込む必要があります（モデル ▸ モデル管理…）。</translation>
    </message>
    <message>
        <source>Create a new image from the instruction.</source>
        <translation>指示から新しい画像を生成します。</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image.</source>
        <translation>現在の画像に指示を適用します。</translation>
    </message>
    <message>
        <source>Open or generate an image first.</source>
        <translation>先に画像を開くか生成してください。</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter).</source>
        <translation>表示中の結果を履歴に残します（Enter）。</translation>
    </message>
    <message>
        <source>There is no new result to apply yet.</source>
        <translation>適用できる新しい結果はまだありません。</translation>
    </message>
    <message>
        <source>Live: show a preview while you type, then refine it when you pause.</source>
        <translation>ライブ: 入力中にプレビューを表示し、手を止めると仕上げます。</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <source>E&amp;dit</source>
        <translation>編集(&amp;D)</translation>
    </message>
</context>
<context>
    <name>hb::ui::ReportView</name>
    <message>
        <source>%1 B</source>
        <comment>billions of parameters</comment>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <comment>millions of parameters</comment>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>重大度</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>実行時</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>検出事項</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Memory plan</source>
        <translation>メモリ計画</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Missing file</source>
        <translation>ファイルがありません</translation>
    </message>
    <message>
        <source>Bad file</source>
        <translation>不正なファイル</translation>
    </message>
    <message>
        <source>Bad configuration</source>
        <translation>不正な設定</translation>
    </message>
    <message>
        <source>Configuration override</source>
        <translation>設定の上書き</translation>
    </message>
    <message>
        <source>Missing tensor</source>
        <translation>テンソルがありません</translation>
    </message>
    <message>
        <source>Unexpected tensor</source>
        <translation>想定外のテンソル</translation>
    </message>
    <message>
        <source>Wrong shape</source>
        <translation>形状が不正</translation>
    </message>
    <message>
        <source>Wrong data type</source>
        <translation>データ型が不正</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>Language model (understanding)</source>
        <translation>言語モデル（理解）</translation>
    </message>
    <message>
        <source>Language model (generation)</source>
        <translation>言語モデル（生成）</translation>
    </message>
    <message>
        <source>Embeddings and output head</source>
        <translation>埋め込みと出力ヘッド</translation>
    </message>
    <message>
        <source>Vision encoder (ViT)</source>
        <translation>画像エンコーダー（ViT）</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>コネクター</translation>
    </message>
    <message>
        <source>Autoencoder (VAE)</source>
        <translation>オートエンコーダー（VAE）</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>アダプター</translation>
    </message>
    <message>
        <source>Hyper-Bagel extension</source>
        <translation>Hyper-Bagel 拡張</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>レポートはまだありません</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder and press Inspect. The folder is checked without loading the model: files, configs, tensor names, shapes and data types, and the memory it will need.</source>
        <translation>チェックポイントフォルダーを選んで「検査」を押してください。モデルを読み込まずに、ファイル、設定、テンソル名、形状とデータ型、および必要なメモリを確認します。</translation>
    </message>
    <message>
        <source>Inspection failed</source>
        <translation>検査に失敗しました</translation>
    </message>
    <message>
        <source>Valid: this checkpoint can be loaded</source>
        <translation>有効: このチェックポイントは読み込めます</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>種類: %1</translation>
    </message>
    <message>
        <source>%1 tensors</source>
        <translation>テンソル %1 個</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>パラメーター %1</translation>
    </message>
    <message>
        <source>%1 of tensor data</source>
        <translation>テンソルデータ %1</translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation>検出事項 (%1)</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>コンポーネント</translation>
    </message>
    <message>
        <source>%1 tensors, %2</source>
        <translation>テンソル %1 個、%2</translation>
    </message>
    <message>
        <source>Data types</source>
        <translation>データ型</translation>
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
        <translation>実行時メモリの前提: %1</translation>
    </message>
    <message>
        <source>Cannot be loaded (errors: %1)</source>
        <translation>読み込めません（エラー: %1 件）</translation>
    </message>
    <message>
        <source>Warnings: %1</source>
        <translation>警告: %1</translation>
    </message>
</context>
<context>
    <name>hb::ui::SessionStore</name>
    <message>
        <source>Could not create the session folder “%1”.</source>
        <translation>セッションフォルダー「%1」を作成できませんでした。</translation>
    </message>
    <message>
        <source>Could not autosave the session in “%1”: %2</source>
        <translation>セッションを「%1」に自動保存できませんでした: %2</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session could not be read (%2); it was ignored.</source>
        <translation>前回のセッションのマスクファイル「%1」を読み込めませんでした（%2）。無視しました。</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session is %2 × %3 pixels, not the %4 × %5 of its image; it was ignored.</source>
        <translation>前回のセッションのマスクファイル「%1」は %2 × %3 ピクセルで、画像の %4 × %5 と一致しません。無視しました。</translation>
    </message>
</context>
<context>
    <name>hb::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between two shortcuts of one action</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
</context>
</TS>
