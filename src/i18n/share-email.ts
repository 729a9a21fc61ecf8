import type { Language } from './catalog-types';

/**
 * The email `POST /api/v1/upload-sessions/{uuid}/share` sends (server/integrator/share-mail.ts), in every language
 * of the page. Not in the page's catalogs: the page never shows it. Placeholders: {link} the session's short link,
 * {expires} when it stops taking photos, {label} the session's title, {note} the integrator's own words.
 */
export interface ShareEmailText {
  readonly subject: string;
  readonly subjectLabelled: string;
  readonly body: string;
  readonly note: string;
  readonly footer: string;
}

export const SHARE_EMAIL: Readonly<Record<Language, ShareEmailText>> = {
  en: {
    subject: 'Send your photos',
    subjectLabelled: 'Send your photos: {label}',
    body: 'Open this link on your phone to send photos:\n{link}\n\nThe link works until {expires}.',
    note: 'Message from the sender:\n{note}',
    footer: 'You received this email because someone asked for your photos. If you were not expecting it, ignore it.',
  },
  fr: {
    subject: 'Envoyez vos photos',
    subjectLabelled: 'Envoyez vos photos : {label}',
    body: 'Ouvrez ce lien sur votre téléphone pour envoyer des photos :\n{link}\n\nLe lien fonctionne jusqu’au {expires}.',
    note: 'Message de l’expéditeur :\n{note}',
    footer: 'Vous recevez ce courriel parce que quelqu’un vous a demandé vos photos. Si vous ne l’attendiez pas, ignorez-le.',
  },
  es: {
    subject: 'Envíe sus fotos',
    subjectLabelled: 'Envíe sus fotos: {label}',
    body: 'Abra este enlace en su teléfono para enviar fotos:\n{link}\n\nEl enlace funciona hasta el {expires}.',
    note: 'Mensaje del remitente:\n{note}',
    footer: 'Recibe este correo porque alguien le pidió sus fotos. Si no lo esperaba, ignórelo.',
  },
  de: {
    subject: 'Senden Sie Ihre Fotos',
    subjectLabelled: 'Senden Sie Ihre Fotos: {label}',
    body: 'Öffnen Sie diesen Link auf Ihrem Telefon, um Fotos zu senden:\n{link}\n\nDer Link funktioniert bis {expires}.',
    note: 'Nachricht des Absenders:\n{note}',
    footer: 'Sie erhalten diese E-Mail, weil jemand Sie um Ihre Fotos gebeten hat. Wenn Sie sie nicht erwartet haben, ignorieren Sie sie.',
  },
  it: {
    subject: 'Invia le tue foto',
    subjectLabelled: 'Invia le tue foto: {label}',
    body: 'Apri questo link sul telefono per inviare le foto:\n{link}\n\nIl link funziona fino al {expires}.',
    note: 'Messaggio del mittente:\n{note}',
    footer: 'Ricevi questa email perché qualcuno ti ha chiesto le tue foto. Se non te l’aspettavi, ignorala.',
  },
  pt: {
    subject: 'Envie as suas fotos',
    subjectLabelled: 'Envie as suas fotos: {label}',
    body: 'Abra este link no seu telemóvel para enviar fotos:\n{link}\n\nO link funciona até {expires}.',
    note: 'Mensagem do remetente:\n{note}',
    footer: 'Recebeu este email porque alguém lhe pediu as suas fotos. Se não estava à espera, ignore-o.',
  },
  nl: {
    subject: 'Stuur uw foto’s',
    subjectLabelled: 'Stuur uw foto’s: {label}',
    body: 'Open deze link op uw telefoon om foto’s te sturen:\n{link}\n\nDe link werkt tot {expires}.',
    note: 'Bericht van de afzender:\n{note}',
    footer: 'U ontvangt deze e-mail omdat iemand om uw foto’s heeft gevraagd. Verwachtte u hem niet, negeer hem dan.',
  },
  pl: {
    subject: 'Wyślij swoje zdjęcia',
    subjectLabelled: 'Wyślij swoje zdjęcia: {label}',
    body: 'Otwórz ten link w telefonie, aby wysłać zdjęcia:\n{link}\n\nLink działa do {expires}.',
    note: 'Wiadomość od nadawcy:\n{note}',
    footer: 'Otrzymujesz tę wiadomość, ponieważ ktoś poprosił o Twoje zdjęcia. Jeśli się jej nie spodziewasz, zignoruj ją.',
  },
  tr: {
    subject: 'Fotoğraflarınızı gönderin',
    subjectLabelled: 'Fotoğraflarınızı gönderin: {label}',
    body: 'Fotoğraf göndermek için bu bağlantıyı telefonunuzda açın:\n{link}\n\nBağlantı {expires} tarihine kadar geçerlidir.',
    note: 'Gönderenin mesajı:\n{note}',
    footer: 'Bu e-postayı biri fotoğraflarınızı istediği için aldınız. Beklemiyorsanız dikkate almayın.',
  },
  ar: {
    subject: 'أرسل صورك',
    subjectLabelled: 'أرسل صورك: {label}',
    body: 'افتح هذا الرابط على هاتفك لإرسال الصور:\n{link}\n\nيعمل الرابط حتى {expires}.',
    note: 'رسالة من المرسِل:\n{note}',
    footer: 'وصلتك هذه الرسالة لأن شخصًا ما طلب صورك. إن لم تكن تتوقعها فتجاهلها.',
  },
  zh: {
    subject: '发送您的照片',
    subjectLabelled: '发送您的照片：{label}',
    body: '在手机上打开此链接即可发送照片：\n{link}\n\n链接有效期至 {expires}。',
    note: '发件人留言：\n{note}',
    footer: '有人请求您的照片，因此您收到了这封邮件。如果您没有预料到，请忽略它。',
  },
  ja: {
    subject: '写真を送ってください',
    subjectLabelled: '写真を送ってください：{label}',
    body: 'スマートフォンでこのリンクを開くと写真を送れます：\n{link}\n\nリンクの有効期限：{expires}',
    note: '送信者からのメッセージ：\n{note}',
    footer: 'このメールは、誰かがあなたの写真を依頼したため届きました。心当たりがない場合は無視してください。',
  },
};
