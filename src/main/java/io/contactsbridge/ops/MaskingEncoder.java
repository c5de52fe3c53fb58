package io.contactsbridge.ops;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.contactsbridge.config.SecretMasker;

/**
 * Wraps any logback encoder (the text pattern or the JSON encoder) and masks registered secrets
 * in what it writes, messages and stack traces alike.
 */
public class MaskingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> delegate;

    public void setDelegate(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start() {
        if (delegate == null) {
            addError("MaskingEncoder needs a delegate encoder");
            return;
        }
        if (delegate.getContext() == null) {
            delegate.setContext(getContext());
        }
        if (!delegate.isStarted()) {
            delegate.start();
        }
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] raw = delegate.encode(event);
        String masked = SecretMasker.mask(new String(raw, StandardCharsets.UTF_8));
        return masked.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
