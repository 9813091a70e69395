//! Requests written in other languages, glossed word for word into the
//! English the grammar reads: Chinese terms (written without spaces) by
//! the longest match, and the commonest media words of Spanish,
//! Portuguese, French, Italian and German. A gloss is no translation; it
//! only has to carry the operation and its values.

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
];

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
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
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

pub fn gloss(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
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
    }

    #[test]
    fn words_of_other_languages_become_english() {
        assert_eq!(
            gloss("Cortar somente essa parte desse vídeo"),
            "cut only essa part desse video"
        );
        assert_eq!(gloss("convert to mp4"), "convert to mp4");
    }
}
