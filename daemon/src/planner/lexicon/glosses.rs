//! Requests written in other languages, glossed word for word into the
//! English the grammar reads: Chinese terms (written without spaces) by
//! the longest match, and the commonest media words of Spanish,
//! Portuguese, French, Italian, German and Dutch. A gloss is no
//! translation; it only has to carry the operation and its values.

use std::borrow::Cow;

/// Chinese (simplified and traditional) terms and their English words.
const CHINESE: &[(&str, &str)] = &[
    ("黑白", " black and white "),
    ("灰度", " grayscale "),
    ("倍速", "x speed "),
    ("加速", " speed up "),
    ("快进", " speed up "),
    ("减速", " slow down "),
    ("減速", " slow down "),
    ("慢放", " slow motion "),
    ("慢动作", " slow motion "),
    ("倒放", " reverse "),
    ("倒序", " reverse "),
    ("转换为", " convert to "),
    ("转换成", " convert to "),
    ("轉換為", " convert to "),
    ("轉換成", " convert to "),
    ("转换", " convert "),
    ("轉換", " convert "),
    ("转成", " convert to "),
    ("轉成", " convert to "),
    ("转为", " convert to "),
    ("转", " to "),
    ("轉", " to "),
    ("转码", " convert "),
    ("变成", " to "),
    ("變成", " to "),
    ("压缩到", " compress to "),
    ("壓縮到", " compress to "),
    ("压缩", " compress "),
    ("壓縮", " compress "),
    ("截取", " trim "),
    ("剪切", " cut "),
    ("剪辑", " trim "),
    ("裁剪", " crop "),
    ("裁切", " crop "),
    ("剪掉", " cut "),
    ("删除", " remove "),
    ("刪除", " remove "),
    ("去掉", " remove "),
    ("去除", " remove "),
    ("移除", " remove "),
    ("提取", " extract "),
    ("抽取", " extract "),
    ("静音", " mute "),
    ("靜音", " mute "),
    ("旋转", " rotate "),
    ("旋轉", " rotate "),
    ("翻转", " flip "),
    ("镜像", " mirror "),
    ("去视频水印", " remove the video watermark "),
    ("去水印", " remove watermark "),
    ("水印", " watermark "),
    ("渐弱", " fade out "),
    ("漸弱", " fade out "),
    ("淡出", " fade out "),
    ("淡入", " fade in "),
    ("渐强", " fade in "),
    ("两秒", " 2 s "),
    ("兩秒", " 2 s "),
    ("跳过", " skip "),
    ("跳過", " skip "),
    ("有没有", " whether it has "),
    ("有沒有", " whether it has "),
    ("如何判断", " how to tell "),
    ("什么", " what "),
    ("目前", " currently "),
    ("什麼", " what "),
    ("支持", " support "),
    ("录制", " recorded "),
    ("錄製", " recorded "),
    ("合并", " merge "),
    ("合併", " merge "),
    ("拼接", " join "),
    ("缩放", " resize "),
    ("缩小", " shrink "),
    ("放大", " enlarge "),
    ("分辨率", " resolution "),
    ("解析度", " resolution "),
    ("帧率", " frame rate "),
    ("幀率", " frame rate "),
    ("码率", " bitrate "),
    ("比特率", " bitrate "),
    ("时长", " duration "),
    ("時長", " duration "),
    ("尺寸", " size "),
    ("大小", " size "),
    ("比例", " ratio "),
    ("正方形", " square "),
    ("正方", " square "),
    ("视频", " video "),
    ("視頻", " video "),
    ("影片", " video "),
    ("动图", " gif "),
    ("動圖", " gif "),
    ("音频", " audio "),
    ("音頻", " audio "),
    ("音乐", " music "),
    ("声音", " sound "),
    ("聲音", " sound "),
    ("图片", " image "),
    ("圖片", " image "),
    ("照片", " photo "),
    ("封面", " thumbnail "),
    ("缩略图", " thumbnail "),
    ("截图", " screenshot "),
    ("格式", " format "),
    ("文件", " file "),
    ("之间", " "),
    ("之間", " "),
    ("大于", " over "),
    ("大於", " over "),
    ("小于", " under "),
    ("小於", " under "),
    ("以内", " "),
    ("以內", " "),
    ("前", " first "),
    ("最后", " last "),
    ("最後", " last "),
    ("分钟", " minutes "),
    ("分鐘", " minutes "),
    ("秒", " s "),
    ("到", " to "),
    ("从", " from "),
    ("從", " from "),
    ("能否", " can you "),
    ("可以", " can "),
    ("请问", " "),
    ("請問", " "),
    ("吗", " ? "),
    ("嗎", " ? "),
    ("嘛", " ? "),
    ("保存", " save "),
    ("设置", " set "),
    ("設置", " set "),
    ("为", " to "),
    ("為", " to "),
    ("循环", " loop "),
    ("循環", " loop "),
    ("重复", " repeat "),
    ("重複", " repeat "),
    ("存储为", " save as "),
    ("儲存", " save "),
    ("翻译", " translate "),
    ("翻譯", " translate "),
    ("配音", " dub "),
    ("生成字幕", " generate subtitles "),
    ("字幕", " subtitles "),
    ("转文字", " transcribe to text "),
    ("轉文字", " transcribe to text "),
    ("录音", " recording "),
    ("錄音", " recording "),
    ("黑边", " black bars "),
    ("黑邊", " black bars "),
    ("怎么", " how to "),
    ("怎麼", " how to "),
    ("显示", " show "),
    ("顯示", " show "),
    ("左转", " rotate left "),
    ("右转", " rotate right "),
    ("九十度", " 90 degrees "),
    ("亮度", " brightness "),
    ("对比度", " contrast "),
    ("饱和度", " saturation "),
    ("长度", " length "),
    ("角度", " angle "),
    ("清晰度", " quality "),
    ("两倍", " 2x "),
    ("兩倍", " 2x "),
    ("倍", "x "),
    ("音量", " volume "),
    ("规格化", " normalize "),
    ("标准化", " normalize "),
    ("归一化", " normalize "),
    ("声音好小", " sound too quiet "),
    ("声音太小", " sound too quiet "),
    ("聲音太小", " sound too quiet "),
    ("帧", " frame "),
    ("幀", " frame "),
    ("水平翻转", " flip horizontally "),
    ("垂直翻转", " flip vertically "),
    ("灰阶", " grayscale "),
    ("降低", " reduce "),
    ("减小", " reduce "),
    ("體積", " size "),
    ("体积", " size "),
    ("音轨", " audio track "),
    ("音軌", " audio track "),
    ("抠图", " remove background "),
    ("人声", " vocals "),
    ("伴奏", " instrumental "),
    ("降噪", " noise reduction "),
    ("噪音", " noise "),
    ("杂音", " noise "),
    ("防抖", " stabilize "),
    ("导出", " export "),
    ("導出", " export "),
    ("倒过来", " upside down "),
    ("合成", " combine "),
    // Japanese.
    ("動画", " video "),
    ("画像", " image "),
    ("写真", " photo "),
    ("音声", " audio "),
    ("変換", " convert "),
    ("回転", " rotate "),
    ("反転", " flip "),
    ("上下逆", " upside down "),
    ("削除", " remove "),
    ("圧縮", " compress "),
    ("縮小", " shrink "),
    ("リサイズ", " resize "),
    ("サイズ", " size "),
    ("抽出", " extract "),
    ("オーディオ", " audio "),
    ("トラック", " track "),
    ("切り取", " trim "),
    ("切り出", " trim "),
    ("カット", " cut "),
    ("結合", " join "),
    ("連結", " join "),
    ("白黒", " black and white "),
    ("モノクロ", " black and white "),
    ("形式", " format "),
    ("ファイル", " file "),
    ("サムネイル", " thumbnail "),
    ("ループ", " loop "),
];

/// Japanese marks the target of a change after it ("gifをmp4に変換"): the
/// format before "に変換" is what to convert to.
const CONVERT_TO_AFTER: &[&str] = &["に変換", "へ変換"];

/// Words of other languages written with spaces, and their English.
const WORDS: &[(&str, &str)] = &[
    ("convertir", "convert"),
    ("converter", "convert"),
    ("converta", "convert"),
    ("convierte", "convert"),
    ("convertire", "convert"),
    ("konvertieren", "convert"),
    ("конвертировать", "convert"),
    ("конвертирование", "convert"),
    ("конвертация", "convert"),
    ("преобразовать", "convert"),
    ("фото", "photo"),
    ("фотографии", "photos"),
    ("фотографий", "photos"),
    ("фотки", "photos"),
    ("видео", "video"),
    ("изображение", "image"),
    ("изображения", "images"),
    ("изображений", "images"),
    ("повернуть", "rotate"),
    ("поворот", "rotate"),
    ("повернутыми", "rotated"),
    ("повёрнутым", "rotated"),
    ("повернутым", "rotated"),
    ("перевёрнутым", "upside down"),
    ("сжать", "compress"),
    ("сжатие", "compress"),
    ("уменьшить", "reduce"),
    ("размер", "size"),
    ("обрезать", "crop"),
    ("обрезки", "crop"),
    ("звук", "sound"),
    ("аудио", "audio"),
    ("удалить", "remove"),
    ("убрать", "remove"),
    ("превью", "thumbnail"),
    ("бок", "side"),
    ("umwandeln", "convert"),
    ("transformar", "convert"),
    ("cortar", "cut"),
    ("corta", "cut"),
    ("couper", "cut"),
    ("coupe", "cut"),
    ("tagliare", "cut"),
    ("schneiden", "cut"),
    ("recortar", "trim"),
    ("recorta", "trim"),
    ("découper", "trim"),
    ("kürzen", "trim"),
    ("comprimir", "compress"),
    ("comprime", "compress"),
    ("comprimer", "compress"),
    ("compresser", "compress"),
    ("comprimere", "compress"),
    ("komprimieren", "compress"),
    ("reducir", "reduce"),
    ("reduzir", "reduce"),
    ("réduire", "reduce"),
    ("ridurre", "reduce"),
    ("reduzieren", "reduce"),
    ("verkleinern", "shrink"),
    ("redimensionar", "resize"),
    ("redimensionner", "resize"),
    ("ridimensionare", "resize"),
    ("skalieren", "resize"),
    ("girar", "rotate"),
    ("rotar", "rotate"),
    ("pivoter", "rotate"),
    ("ruotare", "rotate"),
    ("drehen", "rotate"),
    ("extraer", "extract"),
    ("extrair", "extract"),
    ("extraire", "extract"),
    ("estrarre", "extract"),
    ("extrahieren", "extract"),
    ("quitar", "remove"),
    ("eliminar", "remove"),
    ("remover", "remove"),
    ("supprimer", "remove"),
    ("enlever", "remove"),
    ("rimuovere", "remove"),
    ("entfernen", "remove"),
    ("silenciar", "mute"),
    ("áudio", "audio"),
    ("sonido", "sound"),
    ("suono", "sound"),
    ("vídeo", "video"),
    ("vídeos", "videos"),
    ("vidéo", "video"),
    ("vidéos", "videos"),
    ("imagen", "image"),
    ("imagem", "image"),
    ("imágenes", "images"),
    ("imagens", "images"),
    ("immagine", "image"),
    ("bild", "image"),
    ("velocidad", "speed"),
    ("velocidade", "speed"),
    ("vitesse", "speed"),
    ("velocità", "speed"),
    ("tamaño", "size"),
    ("tamanho", "size"),
    ("taille", "size"),
    ("größe", "size"),
    ("somente", "only"),
    ("apenas", "only"),
    ("solamente", "only"),
    ("sólo", "only"),
    ("seulement", "only"),
    ("parte", "part"),
    ("partie", "part"),
    ("segundos", "seconds"),
    ("secondes", "seconds"),
    ("secondi", "seconds"),
    ("sekunden", "seconds"),
    ("minutos", "minutes"),
    ("minuti", "minutes"),
    ("minuten", "minutes"),
    ("primeros", "first"),
    ("primeiros", "first"),
    ("premières", "first"),
    ("últimos", "last"),
    ("hasta", "to"),
    ("até", "to"),
    ("desde", "from"),
    ("sin", "without"),
    ("sem", "without"),
    ("sans", "without"),
    ("senza", "without"),
    ("ohne", "without"),
    ("negro", "black"),
    ("blanco", "white"),
    ("schwarz", "black"),
    ("weiß", "white"),
    ("weiss", "white"),
    ("ersten", "first"),
    ("letzten", "last"),
    ("derniers", "last"),
    ("dernières", "last"),
    ("abschneiden", "cut"),
    ("grad", "degrees"),
    ("grados", "degrees"),
    ("graus", "degrees"),
    ("degrés", "degrees"),
    ("lento", "slow"),
    ("lenta", "slow"),
    ("bitte", "please"),
    ("tonspur", "audio"),
    ("preto", "black"),
    ("nero", "black"),
    ("blanco", "white"),
    ("branco", "white"),
    ("bianco", "white"),
    ("schwarzweiß", "grayscale"),
    ("lento", "slow"),
    ("rápido", "fast"),
    ("favor", "please"),
    ("und", "and"),
    ("et", "and"),
    ("y", "and"),
    // (Words English has too, "vignette", "changer", "premier", "em", are
    // left out: glossed, an English request would be misread.)
    ("diminuir", "reduce"),
    ("disminuir", "reduce"),
    ("diminuer", "reduce"),
    ("verringern", "reduce"),
    ("verkleinen", "shrink"),
    ("redimensionada", "resized"),
    ("redimensionado", "resized"),
    ("redimensionadas", "resized"),
    ("redimensionados", "resized"),
    ("redimensionnée", "resized"),
    ("redimensionné", "resized"),
    ("redimensionnées", "resized"),
    ("verkleinert", "shrunk"),
    ("comprimida", "compressed"),
    ("comprimido", "compressed"),
    ("comprimidas", "compressed"),
    ("comprimidos", "compressed"),
    ("compressé", "compressed"),
    ("compressée", "compressed"),
    ("komprimiert", "compressed"),
    ("convertida", "converted"),
    ("convertido", "converted"),
    ("converti", "converted"),
    ("convertie", "converted"),
    ("konvertiert", "converted"),
    ("umgewandelt", "converted"),
    ("cortado", "cut"),
    ("coupé", "cut"),
    ("geschnitten", "cut"),
    ("girado", "rotated"),
    ("girada", "rotated"),
    ("gedreht", "rotated"),
    ("tourner", "rotate"),
    ("rotación", "rotation"),
    ("rotação", "rotation"),
    ("drehung", "rotation"),
    ("foto", "photo"),
    ("fotos", "photos"),
    ("bilder", "images"),
    ("bildern", "images"),
    ("afbeelding", "image"),
    ("afbeeldingen", "images"),
    ("archivo", "file"),
    ("archivos", "files"),
    ("arquivo", "file"),
    ("arquivos", "files"),
    ("fichier", "file"),
    ("fichiers", "files"),
    ("datei", "file"),
    ("dateien", "files"),
    ("documento", "document"),
    ("documentos", "documents"),
    ("dokument", "document"),
    ("dokumente", "documents"),
    ("unterlagen", "documents"),
    ("página", "page"),
    ("páginas", "pages"),
    ("seite", "page"),
    ("seiten", "pages"),
    ("pagina", "page"),
    ("formato", "format"),
    ("formatos", "formats"),
    ("música", "music"),
    ("musique", "music"),
    ("musik", "music"),
    ("canción", "song"),
    ("chanson", "song"),
    ("voz", "voice"),
    ("voix", "voice"),
    ("stimme", "voice"),
    ("silencio", "silence"),
    ("silêncio", "silence"),
    ("silencios", "silences"),
    ("silêncios", "silences"),
    ("stille", "silence"),
    ("fondo", "background"),
    ("fundo", "background"),
    ("hintergrund", "background"),
    ("criar", "create"),
    ("crear", "create"),
    ("filigrane", "watermark"),
    ("wasserzeichen", "watermark"),
    ("watermerk", "watermark"),
    ("subtítulos", "subtitles"),
    ("legendas", "subtitles"),
    ("untertitel", "subtitles"),
    ("legendar", "subtitle"),
    ("ruido", "noise"),
    ("ruído", "noise"),
    ("bruit", "noise"),
    ("rauschen", "noise"),
    ("grabación", "recording"),
    ("gravação", "recording"),
    ("enregistrement", "recording"),
    ("aufnahme", "recording"),
    ("texto", "text"),
    ("firma", "signature"),
    ("assinatura", "signature"),
    ("unterschrift", "signature"),
    ("vorschau", "preview"),
    ("aperçu", "preview"),
    ("miniatura", "thumbnail"),
    ("bucle", "loop"),
    ("boucle", "loop"),
    ("schleife", "loop"),
    ("fotograma", "frame"),
    ("fotogramas", "frames"),
    ("tamaños", "sizes"),
    ("tamanhos", "sizes"),
    ("tailles", "sizes"),
    ("größen", "sizes"),
    ("peso", "size"),
    ("poids", "size"),
    ("calidad", "quality"),
    ("qualidade", "quality"),
    ("qualité", "quality"),
    ("qualität", "quality"),
    ("qualità", "quality"),
    ("altura", "height"),
    ("hauteur", "height"),
    ("höhe", "height"),
    ("ancho", "width"),
    // ("640 píxeles de alto": tall.)
    ("alto", "high"),
    ("anchura", "width"),
    ("largura", "width"),
    ("largeur", "width"),
    ("breite", "width"),
    ("píxeles", "pixels"),
    ("pixeles", "pixels"),
    ("píxels", "pixels"),
    ("brillo", "brightness"),
    ("brilho", "brightness"),
    ("luminosité", "brightness"),
    ("helligkeit", "brightness"),
    ("contraste", "contrast"),
    ("kontrast", "contrast"),
    ("saturación", "saturation"),
    ("saturação", "saturation"),
    ("volumen", "volume"),
    ("lautstärke", "volume"),
    ("mitad", "half"),
    ("metade", "half"),
    ("moitié", "half"),
    ("hälfte", "half"),
    ("cuadrado", "square"),
    ("quadrado", "square"),
    ("carré", "square"),
    ("quadratisch", "square"),
    ("paisaje", "landscape"),
    ("paysage", "landscape"),
    ("querformat", "landscape"),
    ("hochformat", "portrait"),
    ("retrato", "portrait"),
    ("segundo", "second"),
    ("minuto", "minute"),
    ("sekunde", "second"),
    ("horas", "hours"),
    ("heures", "hours"),
    ("stunden", "hours"),
    ("inicio", "start"),
    ("início", "start"),
    ("début", "start"),
    ("anfang", "start"),
    ("comienzo", "start"),
    ("fim", "end"),
    ("ende", "end"),
    ("primera", "first"),
    ("primeira", "first"),
    ("première", "first"),
    ("erste", "first"),
    ("última", "last"),
    ("último", "last"),
    ("dernière", "last"),
    ("dernier", "last"),
    ("cada", "each"),
    ("chaque", "each"),
    ("jede", "each"),
    ("jedes", "each"),
    ("jeden", "each"),
    ("máximo", "max"),
    ("máxima", "max"),
    ("maximale", "max"),
    ("máx", "max"),
    ("mínimo", "min"),
    ("mínima", "min"),
    ("más", "more"),
    ("menos", "less"),
    ("moins", "less"),
    ("weniger", "less"),
    ("menor", "smaller"),
    ("kleiner", "smaller"),
    ("pequeño", "small"),
    ("pequeña", "small"),
    ("pequeno", "small"),
    ("pequena", "small"),
    ("petit", "small"),
    ("klein", "small"),
    ("kleine", "small"),
    ("gigantes", "huge"),
    ("enorme", "huge"),
    ("énorme", "huge"),
    ("énormes", "huge"),
    ("riesig", "huge"),
    ("groß", "big"),
    ("große", "big"),
    ("großen", "big"),
    ("übergroßen", "oversized"),
    ("pesado", "heavy"),
    ("pesados", "heavy"),
    ("pesada", "heavy"),
    ("lourd", "heavy"),
    ("lourde", "heavy"),
    ("lourdes", "heavy"),
    ("demasiado", "too"),
    ("trop", "too"),
    ("muito", "very"),
    ("pesa", "weighs"),
    ("pèse", "weighs"),
    ("wiegt", "weighs"),
    ("quiero", "want"),
    ("quero", "want"),
    ("veux", "want"),
    ("voudrais", "would like"),
    ("gostaria", "would like"),
    ("quisiera", "would like"),
    ("möchte", "would like"),
    ("necesito", "need"),
    ("preciso", "need"),
    ("brauche", "need"),
    ("braucht", "need"),
    ("hacer", "make"),
    ("fazer", "make"),
    ("faire", "make"),
    ("machen", "make"),
    ("añadir", "add"),
    ("agregar", "add"),
    ("adicionar", "add"),
    ("ajouter", "add"),
    ("hinzufügen", "add"),
    ("unir", "merge"),
    ("juntar", "merge"),
    ("fusionar", "merge"),
    ("fusionner", "merge"),
    ("mesclar", "merge"),
    ("zusammenfügen", "merge"),
    ("zusammenführen", "merge"),
    ("combinar", "combine"),
    ("combiner", "combine"),
    ("kombinieren", "combine"),
    ("dividir", "split"),
    ("diviser", "split"),
    ("aufteilen", "split"),
    ("teilen", "split"),
    ("trennen", "split"),
    ("spalten", "split"),
    ("acelerar", "speed up"),
    ("ralentizar", "slow down"),
    ("desacelerar", "slow down"),
    ("mudar", "change"),
    ("cambiar", "change"),
    ("ändern", "change"),
    ("modificar", "change"),
    ("mejorar", "improve"),
    ("melhorar", "improve"),
    ("améliorer", "improve"),
    ("verbessern", "improve"),
    ("optimizar", "optimize"),
    ("otimizar", "optimize"),
    ("optimiser", "optimize"),
    ("optimieren", "optimize"),
    ("recorte", "crop"),
    ("rogner", "crop"),
    ("recadrer", "crop"),
    ("zuschneiden", "crop"),
    ("bijsnijden", "crop"),
    ("voltear", "flip"),
    ("espelhar", "mirror"),
    ("spiegeln", "mirror"),
    ("miroir", "mirror"),
    ("desenfocar", "blur"),
    ("difuminar", "blur"),
    ("flou", "blur"),
    ("flouter", "blur"),
    ("desfocar", "blur"),
    ("noir", "black"),
    ("blanc", "white"),
    ("gris", "gray"),
    ("grises", "gray"),
    ("cinza", "gray"),
    ("graustufen", "grayscale"),
    ("oscuro", "dark"),
    ("escuro", "dark"),
    ("dunkel", "dark"),
    ("subir", "upload"),
    ("hochladen", "upload"),
    ("enviar", "send"),
    ("envoyer", "send"),
    ("senden", "send"),
    ("schicken", "send"),
    ("löschen", "delete"),
    ("separar", "separate"),
    ("séparer", "separate"),
    ("transcribir", "transcribe"),
    ("transcrever", "transcribe"),
    ("transcrire", "transcribe"),
    ("transkribieren", "transcribe"),
    ("traducir", "translate"),
    ("traduzir", "translate"),
    ("traduire", "translate"),
    ("übersetzen", "translate"),
    ("para", "to"),
    ("ou", "or"),
    ("oder", "or"),
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// Full-width punctuation as the ASCII the tokenizer splits on.
fn ascii_punctuation(c: char) -> Option<char> {
    Some(match c {
        '，' | '、' => ',',
        '。' => '.',
        '？' => '?',
        '！' => '!',
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '；' => ';',
        '＊' => '*',
        _ => return None,
    })
}

/// Chinese terms as English words; other CJK characters as spaces.
fn gloss_chinese(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !is_cjk(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(mark) = CONVERT_TO_AFTER.iter().find(|m| rest.starts_with(**m)) {
            let kept = out.trim_end().len();
            let start = out[..kept]
                .rfind(|ch: char| !ch.is_ascii_alphanumeric())
                .map_or(0, |i| i + 1);
            let target = out[start..kept].to_string();
            // ("白黒に変換": made black and white, no format named.)
            if super::format_word(&target.to_lowercase()).is_some() {
                out.truncate(start);
                out.push_str(" convert to ");
                out.push_str(&target);
                out.push(' ');
            } else {
                out.push_str(" convert ");
            }
            rest = &rest[mark.len()..];
            continue;
        }
        // "90度": degrees after a number ("温度", "程度" are other words).
        if c == '度' {
            let after_number = out.trim_end().ends_with(|ch: char| ch.is_ascii_digit());
            out.push_str(if after_number { " degrees " } else { " " });
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some((term, english)) = CHINESE
            .iter()
            .filter(|(term, _)| rest.starts_with(term))
            .max_by_key(|(term, _)| term.len())
        {
            out.push_str(english);
            rest = &rest[term.len()..];
            continue;
        }
        match ascii_punctuation(c) {
            Some(p) => out.push(p),
            None => out.push(' '),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Words of other languages replaced by their English, case aside.
fn gloss_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        match WORDS.iter().find(|(w, _)| *w == lower) {
            Some((_, english)) => out.push_str(english),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The text with what is written in other languages glossed in English.
/// "l'audio", "d'une vidéo": the French article's elided vowel dropped
/// with it.
fn elided(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphabetic();
        let article = matches!(chars[i].to_ascii_lowercase(), 'l' | 'd');
        let mark = chars.get(i + 1).is_some_and(|c| matches!(c, '\'' | '’'));
        let word_after = chars.get(i + 2).is_some_and(|c| c.is_alphabetic());
        if starts_word && article && mark && word_after {
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// "water marks", "marca d'água": a watermark written in two words.
fn one_word_watermarks(text: &str) -> Option<String> {
    const SPLIT: &[&str] = &[
        "water mark",
        "marca d'agua",
        "marca d´agua",
        "marca d’agua",
        "marca d'água",
        "marca d´água",
        "marca d’água",
        "marca de agua",
        "marca de água",
    ];
    let lower = text.to_lowercase();
    if !SPLIT.iter().any(|s| lower.contains(s)) || lower.len() != text.len() {
        return None;
    }
    let mut out = text.to_string();
    for s in SPLIT {
        let mut from = 0;
        while let Some(k) = out.to_lowercase()[from..].find(s) {
            let at = from + k;
            // ("saltwater marks": not a word of its own.)
            let starts = !out[..at].ends_with(char::is_alphabetic);
            if starts {
                out.replace_range(at..at + s.len(), "watermark");
                from = at + "watermark".len();
            } else {
                from = at + s.len();
            }
        }
    }
    Some(out)
}

pub fn gloss(text: &str) -> Cow<'_, str> {
    let mut text = match one_word_watermarks(text) {
        Some(joined) => Cow::Owned(joined),
        None => Cow::Borrowed(text),
    };
    if text.chars().any(is_cjk) {
        text = Cow::Owned(gloss_chinese(&text));
    }
    let foreign = text.split(|c: char| !c.is_alphabetic()).any(|w| {
        let lower = w.to_lowercase();
        WORDS.iter().any(|(f, _)| *f == lower)
    });
    if foreign {
        // "preto e branco", "blanco y negro", "schwarz-weiß": black and
        // white, however joined.
        text = Cow::Owned(
            gloss_words(&elided(&text))
                .replace("black e white", "black and white")
                .replace("white y black", "black and white")
                .replace("white and black", "black and white")
                .replace("black-white", "black and white"),
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::gloss;

    #[test]
    fn chinese_terms_become_english_words() {
        let g = gloss("把这个视频变成2倍速保存");
        assert!(g.contains("video") && g.contains("2x speed"), "{g}");
        assert_eq!(gloss("压缩到 2M 内。").trim(), "compress to  2M  .");
        let g = gloss("视频上下边 有黑边 怎么去掉");
        assert!(g.contains("black bars") && g.contains("remove"), "{g}");
        assert!(gloss("旋转90度").contains("90 degrees"));
        assert!(!gloss("速度很快").contains("degrees"));
    }

    #[test]
    fn japanese_terms_become_english_words_with_the_target_after_to() {
        let g = gloss("使い方を見るのgifをmp4に変換する");
        assert!(g.contains("gif") && g.contains("convert to mp4"), "{g}");
        let g = gloss("写真を白黒に変換");
        assert!(
            g.contains("black and white") && g.contains("convert"),
            "{g}"
        );
        assert!(!g.contains("to white"), "{g}");
        let g = gloss("画像を回転出来るようにして欲しい");
        assert!(g.contains("image") && g.contains("rotate"), "{g}");
    }

    #[test]
    fn russian_words_become_english() {
        let g = gloss("Некоторые фото загружаются повернутыми на бок");
        assert!(
            g.contains("photo") && g.contains("rotated") && g.contains("side"),
            "{g}"
        );
    }

    #[test]
    fn words_of_other_languages_become_english() {
        assert_eq!(
            gloss("Cortar somente essa parte desse vídeo"),
            "cut only essa part desse video"
        );
        assert_eq!(gloss("convert to mp4"), "convert to mp4");
        assert_eq!(
            gloss("diminuir o tamanho das imagens"),
            "reduce o size das images"
        );
        assert_eq!(gloss("PDFs zusammenführen"), "PDFs merge");
    }

    #[test]
    fn a_watermark_in_two_words_is_one() {
        assert_eq!(
            gloss("add Water marks to photographs"),
            "add watermarks to photographs"
        );
        assert_eq!(gloss("Criar marca d´agua"), "create watermark");
    }
}
