"use client";
/**
 * The product's QR code: the GS1 Digital Link URI on this app's domain (which resolves it to the product page),
 * optionally qualified by a lot or a serial, shown as text and downloadable as PNG and SVG.
 */
import { buildDigitalLink, Gs1Error } from "@constellate/sdk";
import QRCode from "qrcode";
import { useEffect, useState } from "react";

import { useConsoleConfig } from "../components/config-context.tsx";
import { Notice, Section, TextField } from "../components/ui.tsx";
import { keyTextProblem } from "../lib/products.ts";

export function ProductQr({ gtin14 }: { gtin14: string }) {
  const { appOrigin } = useConsoleConfig();
  const [lot, setLot] = useState("");
  const [serial, setSerial] = useState("");
  const lotProblem = lot === "" ? undefined : keyTextProblem("lot", lot);
  const serialProblem = serial === "" ? undefined : keyTextProblem("serial", serial);

  let uri: string | undefined;
  let uriProblem: string | undefined;
  if (lotProblem === undefined && serialProblem === undefined) {
    try {
      uri = buildDigitalLink(
        { gtin: gtin14, ...(lot !== "" ? { lot } : {}), ...(serial !== "" ? { serial } : {}) },
        appOrigin,
      );
    } catch (error) {
      if (!(error instanceof Gs1Error)) throw error;
      uriProblem = error.message;
    }
  }

  const [codes, setCodes] = useState<{ uri: string; png: string; svg: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (uri === undefined) return;
    let cancelled = false;
    const options = { errorCorrectionLevel: "M" as const, margin: 4 };
    Promise.all([QRCode.toDataURL(uri, { ...options, width: 512 }), QRCode.toString(uri, { ...options, type: "svg" })])
      .then(([png, svg]) => {
        if (!cancelled) {
          setCodes({ uri, png, svg: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
          setError(undefined);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(`The QR code could not be drawn: ${(e as Error).message}`);
      });
    return () => {
      cancelled = true;
    };
  }, [uri]);

  const name = `qr-${gtin14}${lot !== "" ? `-lot-${lot}` : ""}${serial !== "" ? `-serial-${serial}` : ""}`.replace(
    /[^A-Za-z0-9._-]/g,
    "_",
  );
  const ready = codes !== undefined && codes.uri === uri;
  return (
    <Section title="QR code">
      <p className="text-sm text-slate-700">
        The QR code carries the product&apos;s GS1 Digital Link on this app&apos;s domain: a phone camera opens the
        product page, with its journey and claims. Qualify it by lot or serial for codes printed per batch or per item.
      </p>
      <div className="grid gap-4 sm:grid-cols-[1fr_16rem]">
        <div>
          <TextField
            label="Lot (optional)"
            value={lot}
            onChange={(event) => setLot(event.target.value)}
            problem={lotProblem}
          />
          <TextField
            label="Serial (optional)"
            value={serial}
            onChange={(event) => setSerial(event.target.value)}
            problem={serialProblem}
          />
          {uriProblem !== undefined ? <Notice tone="error">{uriProblem}</Notice> : null}
          {uri !== undefined ? (
            <p className="mt-3 text-sm">
              GS1 Digital Link URI:{" "}
              <code data-testid="digital-link" className="break-all font-mono text-xs">
                {uri}
              </code>
            </p>
          ) : null}
          {error !== undefined ? <Notice tone="error">{error}</Notice> : null}
          <div className="mt-3 flex gap-3">
            {ready ? (
              <>
                <a
                  className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800"
                  href={codes.png}
                  download={`${name}.png`}
                >
                  Download PNG
                </a>
                <a
                  className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
                  href={codes.svg}
                  download={`${name}.svg`}
                >
                  Download SVG
                </a>
              </>
            ) : null}
          </div>
        </div>
        <div>
          {ready ? (
            <img
              src={codes.png}
              alt={`QR code of ${uri}`}
              width={256}
              height={256}
              className="rounded border border-slate-200"
            />
          ) : null}
        </div>
      </div>
    </Section>
  );
}
